import { AuditStoreError } from "../errors/audit-store-error.js";
import { GENESIS_HASH } from "./hash-chain.js";
import { describeDatabaseError, postgresAuditFailure } from "./postgres-audit-failure.js";
import type { PostgresAuditTable } from "./postgres-audit-table.js";
import type { PostgresPool, PostgresQueryable } from "./postgres-pool.js";
import { inPostgresTransaction } from "./postgres-transaction.js";

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
    // Signed checkpoints: one row per signature, its text exactly as signed.
    await client.query(`CREATE TABLE IF NOT EXISTS ${table.checkpoints} (
      seq bigint NOT NULL,
      signature text NOT NULL,
      checkpoint text NOT NULL,
      PRIMARY KEY (seq, signature)
    )`);
    await checkColumns(client, table, checkpointsProbe(table));
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

/**
 * Fails with a clear `AuditStoreError` when the table of signed checkpoints is missing or is
 * not one (checked when a sink signs and does not create its tables).
 *
 * @example
 * await checkPostgresCheckpointColumns(pool, postgresAuditTable("connectorguard_audit"));
 */
export async function checkPostgresCheckpointColumns(
  queryable: PostgresQueryable,
  table: PostgresAuditTable,
): Promise<void> {
  try {
    await queryable.query(checkpointsProbe(table));
  } catch (error) {
    const missing = (error as { code?: unknown })?.code === "42P01";
    throw new AuditStoreError(
      missing
        ? `PostgreSQL table ${table.name}_checkpoints does not exist: a sink that signs checkpoints needs it (run createPostgresAuditTable, or let the sink create its tables)`
        : `PostgreSQL table ${table.name}_checkpoints exists but is not a ConnectorGuard checkpoints table: ${describeDatabaseError(error)}`,
      { cause: error },
    );
  }
}

function checkpointsProbe(table: PostgresAuditTable): string {
  return `SELECT seq, signature, checkpoint FROM ${table.checkpoints} LIMIT 0`;
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
      throw postgresAuditFailure(error, table, "use");
    }
    throw new AuditStoreError(
      `PostgreSQL table ${table.name} exists but is not a ConnectorGuard audit table: ${describeDatabaseError(error)}`,
      { cause: error },
    );
  }
}
