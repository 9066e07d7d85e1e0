import type { AuditEntry } from "./audit-entry.js";
import { type ChainHead, chainAuditRecord } from "./hash-chain.js";
import type { PostgresAuditTable } from "./postgres-audit-table.js";
import { toColumnText } from "./postgres-column-text.js";
import type { PostgresPool, PostgresQueryable } from "./postgres-pool.js";
import { inPostgresTransaction } from "./postgres-transaction.js";

/** An entry waiting to be written, with the id that makes a retried write idempotent. */
export interface PendingAuditEntry {
  readonly entryId: string;
  readonly entry: AuditEntry;
}

/**
 * Writes `batch` as the next records of the table's chain in one transaction: locks the
 * chain head (so writers in any number of processes extend one chain, never fork it),
 * chains and inserts every entry in order, moves the head, commits. After a failed attempt
 * (`afterFailure`), entries the failed attempt did commit — its COMMIT may have succeeded
 * without the answer arriving — are recognized by id and not written twice.
 *
 * Returns the new head, and the first sequence number written (`seq + 1` when none was).
 *
 * @example
 * const head = await appendPostgresAuditBatch(pool, postgresAuditTable(), batch, false);
 */
export async function appendPostgresAuditBatch(
  pool: PostgresPool,
  table: PostgresAuditTable,
  batch: readonly PendingAuditEntry[],
  afterFailure: boolean,
): Promise<ChainHead & { readonly firstSeq: number }> {
  return inPostgresTransaction(pool, async (client) => {
    const locked = await client.query(
      `SELECT seq, hash FROM ${table.head} WHERE id = 1 FOR UPDATE`,
    );
    const headRow = locked.rows[0] as { seq: string | number; hash: string } | undefined;
    if (headRow === undefined) {
      throw new Error(`the chain head row of ${table.name} is missing (table ${table.head})`);
    }
    let head: ChainHead = { seq: Number(headRow.seq), hash: headRow.hash };
    const firstSeq = head.seq + 1;
    const toWrite = afterFailure ? await withoutCommitted(client, table, batch) : batch;
    const columns = {
      seq: [] as number[],
      entryId: [] as string[],
      recordedAt: [] as string[],
      connectorName: [] as string[],
      sourceAgent: [] as string[],
      allowed: [] as boolean[],
      checkName: [] as (string | null)[],
      outcomeStatus: [] as (string | null)[],
      prevHash: [] as string[],
      hash: [] as string[],
      record: [] as string[],
    };
    for (const { entryId, entry } of toWrite) {
      const record = chainAuditRecord(entry, head);
      head = { seq: record.seq, hash: record.hash };
      columns.seq.push(record.seq);
      columns.entryId.push(entryId);
      columns.recordedAt.push(record.timestamp);
      columns.connectorName.push(toColumnText(record.connectionAttempt.connectorName));
      columns.sourceAgent.push(toColumnText(record.connectionAttempt.sourceAgent));
      columns.allowed.push(record.result.allowed);
      columns.checkName.push(record.result.check ?? null);
      columns.outcomeStatus.push(record.outcome?.status ?? null);
      columns.prevHash.push(record.prevHash);
      columns.hash.push(record.hash);
      columns.record.push(JSON.stringify(record));
    }
    if (toWrite.length > 0) {
      // One statement inserts the whole batch (arrays unnested side by side) and moves the head.
      await client.query(
        `WITH inserted AS (
          INSERT INTO ${table.records}
            (seq, entry_id, recorded_at, connector_name, source_agent, allowed, check_name, outcome_status, prev_hash, hash, record)
          SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
          RETURNING 1
        )
        UPDATE ${table.head} SET seq = $12, hash = $13 WHERE id = 1`,
        [
          columns.seq,
          columns.entryId,
          columns.recordedAt,
          columns.connectorName,
          columns.sourceAgent,
          columns.allowed,
          columns.checkName,
          columns.outcomeStatus,
          columns.prevHash,
          columns.hash,
          columns.record,
          head.seq,
          head.hash,
        ],
      );
    }
    return { ...head, firstSeq };
  });
}

async function withoutCommitted(
  client: PostgresQueryable,
  table: PostgresAuditTable,
  batch: readonly PendingAuditEntry[],
): Promise<readonly PendingAuditEntry[]> {
  const found = await client.query(
    `SELECT entry_id::text AS entry_id FROM ${table.records} WHERE entry_id = ANY($1::uuid[])`,
    [batch.map((pending) => pending.entryId)],
  );
  if (found.rows.length === 0) return batch;
  const committed = new Set(found.rows.map((row) => (row as { entry_id: string }).entry_id));
  return batch.filter((pending) => !committed.has(pending.entryId));
}
