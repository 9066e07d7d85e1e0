import type { PostgresPool } from "../audit/postgres-pool.js";
import type { CliOption } from "./cli-command.js";
import { CliUsageError } from "./cli-usage-error.js";

/** `--postgres URL`: read the audit trail from PostgreSQL instead of the JSONL file. */
export const postgresOption: CliOption = {
  type: "string",
  value: "URL",
  description:
    "Read the audit trail from PostgreSQL (postgres://user@host/db) instead of the file. Needs the 'pg' package.",
};

/** `--table NAME`, with `--postgres`. */
export const postgresTableOption: CliOption = {
  type: "string",
  value: "NAME",
  description: "The audit table, with --postgres (name or schema.name).",
  default: "connectorguard_audit",
};

/**
 * Opens a one-connection `pg` pool on `url`, hands it to `use`, and always closes it. `pg` is
 * an optional peer dependency, loaded only here: without it the CLI says how to install it.
 *
 * @example
 * const records = await withPostgresPool("postgres://postgres@127.0.0.1/test", (pool) =>
 *   queryPostgresAudit(pool, { outcome: "denied" }),
 * );
 */
export async function withPostgresPool<Result>(
  url: string,
  use: (pool: PostgresPool) => Promise<Result>,
): Promise<Result> {
  let pg: typeof import("pg");
  try {
    pg = await import("pg");
  } catch {
    throw new CliUsageError(
      "--postgres needs the 'pg' package, an optional peer dependency: npm install pg",
    );
  }
  const Pool = (pg as unknown as { default?: typeof import("pg") }).default?.Pool ?? pg.Pool;
  let pool: InstanceType<typeof Pool>;
  try {
    pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5_000 });
  } catch (error) {
    throw new CliUsageError(
      `--postgres: not a usable connection string (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  // A dropped idle connection surfaces through the query that needs it; never crash on it.
  pool.on("error", () => {});
  try {
    return await use(pool as unknown as PostgresPool);
  } finally {
    await pool.end().catch(() => {});
  }
}
