import { AuditStoreError } from "../errors/audit-store-error.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { GENESIS_HASH } from "./hash-chain.js";
import type { PostgresPool, PostgresQueryable } from "./postgres-pool.js";
import { inPostgresTransaction } from "./postgres-transaction.js";

/** The table the PostgreSQL audit store uses when none is named. */
export const DEFAULT_POSTGRES_AUDIT_TABLE = "connectorguard_audit";

/** The quoted SQL names of one audit table and its companions. */
export interface PostgresAuditTable {
  /** The name as given, e.g. `audit.connectorguard_audit`. */
  readonly name: string;
  /** The audit table, quoted (and schema-qualified when given so). */
  readonly records: string;
  /** The one-row table holding the chain's head, quoted. */
  readonly head: string;
  /** Index names (unqualified: PostgreSQL puts an index in its table's schema). */
  readonly indexes: { readonly time: string; readonly agent: string; readonly connector: string };
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Leaves room for the longest suffix ("_connector_idx") within PostgreSQL's 63-byte names.
const maxTableNameLength = 48;

/**
 * Checks a table name (`table` or `schema.table`) and derives every SQL name the store uses.
 * Names are restricted to letters, digits and underscores, so they are safe to quote.
 *
 * @example
 * postgresAuditTable("audit.decisions").head; // '"audit"."decisions_head"'
 */
export function postgresAuditTable(
  name: string = DEFAULT_POSTGRES_AUDIT_TABLE,
): PostgresAuditTable {
  if (typeof name !== "string") {
    throw new InvalidOptionError(`table must be a string (got ${typeof name})`);
  }
  const parts = name.split(".");
  const table = parts.at(-1) as string;
  if (
    parts.length > 2 ||
    !parts.every((part) => identifier.test(part) && part.length <= 63) ||
    table.length > maxTableNameLength
  ) {
    throw new InvalidOptionError(
      `table must be "name" or "schema.name" made of letters, digits and underscores, not starting with a digit, the name at most ${maxTableNameLength} characters (got ${JSON.stringify(name)})`,
    );
  }
  const schema = parts.length === 2 ? `"${parts[0]}".` : "";
  return {
    name,
    records: `${schema}"${table}"`,
    head: `${schema}"${table}_head"`,
    indexes: {
      time: `"${table}_recorded_at_idx"`,
      agent: `"${table}_agent_idx"`,
      connector: `"${table}_connector_idx"`,
    },
  };
}

/**
 * Creates the audit table, its indexes and its chain-head row if they are missing (safe to
 * run from many processes at once: an advisory lock serializes it), then checks that an
 * existing table has the columns the store needs.
 *
 * @example
 * await createPostgresAuditTable(pool, postgresAuditTable("connectorguard_audit"));
 */
export async function createPostgresAuditTable(
  pool: PostgresPool,
  table: PostgresAuditTable,
): Promise<void> {
  await inPostgresTransaction(pool, async (client) => {
    // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog: serialize them.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `connectorguard:${table.name}`,
    ]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table.records} (
      seq bigint PRIMARY KEY,
      entry_id uuid NOT NULL UNIQUE,
      recorded_at timestamptz NOT NULL,
      connector_name text NOT NULL,
      source_agent text NOT NULL,
      allowed boolean NOT NULL,
      check_name text,
      outcome_status text,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      record text NOT NULL
    )`);
    await checkRecordColumns(client, table);
    await client.query(
      `CREATE INDEX IF NOT EXISTS ${table.indexes.time} ON ${table.records} (recorded_at)`,
    );
    await client.query(
      `CREATE INDEX IF NOT EXISTS ${table.indexes.agent} ON ${table.records} (source_agent, recorded_at)`,
    );
    await client.query(
      `CREATE INDEX IF NOT EXISTS ${table.indexes.connector} ON ${table.records} (connector_name, recorded_at)`,
    );
    await client.query(`CREATE TABLE IF NOT EXISTS ${table.head} (
      id smallint PRIMARY KEY CHECK (id = 1),
      seq bigint NOT NULL,
      hash text NOT NULL
    )`);
    await checkColumns(client, table, headProbe(table));
    await client.query(
      `INSERT INTO ${table.head} (id, seq, hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING`,
      [GENESIS_HASH],
    );
  });
}

/**
 * Fails with a clear `AuditStoreError` when `table` (or its head table) is missing or is not
 * a ConnectorGuard audit table.
 *
 * @example
 * await checkPostgresAuditColumns(pool, postgresAuditTable("connectorguard_audit"));
 */
export async function checkPostgresAuditColumns(
  queryable: PostgresQueryable,
  table: PostgresAuditTable,
): Promise<void> {
  await checkRecordColumns(queryable, table);
  await checkColumns(queryable, table, headProbe(table));
}

function headProbe(table: PostgresAuditTable): string {
  return `SELECT id, seq, hash FROM ${table.head} LIMIT 0`;
}

function checkRecordColumns(
  queryable: PostgresQueryable,
  table: PostgresAuditTable,
): Promise<void> {
  return checkColumns(
    queryable,
    table,
    `SELECT seq, entry_id, recorded_at, connector_name, source_agent, allowed, check_name, outcome_status, prev_hash, hash, record FROM ${table.records} LIMIT 0`,
  );
}

async function checkColumns(
  queryable: PostgresQueryable,
  table: PostgresAuditTable,
  probe: string,
): Promise<void> {
  try {
    await queryable.query(probe);
  } catch (error) {
    if ((error as { code?: unknown })?.code === "42P01") {
      throw describeTableFailure(error, table, "use");
    }
    throw new AuditStoreError(
      `PostgreSQL table ${table.name} exists but is not a ConnectorGuard audit table: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The text stored in a searchable column for a value of the record: PostgreSQL text cannot
 * hold NUL, and lone surrogates cannot be encoded, so both become U+FFFD. The record itself
 * keeps the exact value (JSON escapes them).
 */
export function toColumnText(value: string): string {
  return value.replace(
    /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "\ufffd",
  );
}

/** Wraps a failure to reach or use the table, naming a missing table plainly. */
export function describeTableFailure(
  error: unknown,
  table: PostgresAuditTable,
  doing: string,
): AuditStoreError {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "42P01") {
    return new AuditStoreError(
      `PostgreSQL audit table ${table.name} does not exist (nothing has been recorded there yet, or the table name is wrong)`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AuditStoreError(
    `could not ${doing} PostgreSQL audit table ${table.name}: ${message}`,
    {
      cause: error,
    },
  );
}
