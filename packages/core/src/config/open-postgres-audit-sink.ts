import type { AuditSigningOptions } from "../audit/audit-signing-options.js";
import { PostgresAuditSink } from "../audit/postgres-audit-sink.js";
import type { PostgresPool } from "../audit/postgres-pool.js";
import { importOptionalPackage } from "./import-optional-package.js";
import { loadAuditSigningOptions } from "./load-audit-signing-options.js";
import type { PostgresAuditFileSection } from "./read-store-sections.js";
import { resolveConnectionUrl } from "./resolve-connection-url.js";

/** What this module needs of a pg `Pool` (the core never names pg's own types). */
interface OwnedPool extends PostgresPool {
  end(): Promise<void>;
}

type PostgresModule = {
  Pool: new (options: Record<string, unknown>) => OwnedPool;
};

/** A `PostgresAuditSink` that owns its pool: closing the sink ends the pool after the flush. */
class PoolOwningPostgresAuditSink extends PostgresAuditSink {
  private poolEnded = false;

  constructor(
    private readonly ownedPool: OwnedPool,
    section: PostgresAuditFileSection,
    signing: AuditSigningOptions | undefined,
  ) {
    const { url: _url, signing: _signing, ...options } = section;
    super({ ...options, pool: ownedPool, ...(signing === undefined ? {} : { signing }) });
  }

  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      if (!this.poolEnded) {
        this.poolEnded = true;
        await this.ownedPool.end();
      }
    }
  }
}

/**
 * Builds the `audit.postgres` section's pg `Pool` (`pg` loaded now, with `await import`) and
 * a `PostgresAuditSink` on it that owns the pool: `guard.close()` writes what is queued, then
 * ends the pool. Nothing connects until the first entry is written, so a server that is down
 * does not fail the load; entries wait in the sink's buffer.
 *
 * @example
 * const sink = await openPostgresAuditSink(policy.audit.postgres, { DATABASE_URL: "postgres://…" });
 * const guard = createGuard({ connectors, audit: sink });
 * await guard.close(); // flushes, then ends the pool
 */
export async function openPostgresAuditSink(
  section: PostgresAuditFileSection,
  env?: Readonly<Record<string, string | undefined>>,
): Promise<PostgresAuditSink> {
  const connectionString = resolveConnectionUrl(section.url, env);
  // The key before the pool: a bad key must not leave a pool behind.
  const signing =
    section.signing === undefined ? undefined : await loadAuditSigningOptions(section.signing, env);
  const { Pool } = await importOptionalPackage<PostgresModule>(
    "pg",
    "the PostgreSQL audit sink (audit.postgres)",
    section.url.location,
  );
  const pool = new Pool({ connectionString, connectionTimeoutMillis: 2_000 });
  return new PoolOwningPostgresAuditSink(pool, section, signing);
}
