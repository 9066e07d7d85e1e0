import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { canonicalJson } from "../support/canonical-json.js";
import type { AuditKeyInput } from "./audit-signing-key.js";
import {
  type ChainBreak,
  type ChainedAuditRecord,
  type ChainHead,
  ChainVerifier,
  EMPTY_CHAIN_HEAD,
} from "./hash-chain.js";
import { postgresAuditFailure } from "./postgres-audit-failure.js";
import { type PostgresAuditTable, postgresAuditTable } from "./postgres-audit-table.js";
import { toColumnText } from "./postgres-column-text.js";
import type { PostgresQueryable } from "./postgres-pool.js";
import { type AuditSignatureReport, SignatureCoverage } from "./signature-coverage.js";

/** Options of {@link verifyPostgresAuditLog}. */
export interface PostgresAuditVerifyOptions {
  /** `name` or `schema.name`. Default `connectorguard_audit`. */
  readonly table?: string;
  /**
   * A head saved earlier (`{ seq, hash }` from a previous verification): the chain must still
   * hold that record, unchanged. Catches a cut at the tail even if the head row was reset.
   */
  readonly checkpoint?: ChainHead;
  /** Rows read per query. Default 5 000. */
  readonly pageSize?: number;
  /**
   * The Ed25519 public key(s) the writers sign checkpoints with (`PostgresAuditSink`'s
   * `signing`): every record must then be vouched for by a signed checkpoint the table agrees
   * with; `signatures.unsigned` lists those that are not.
   */
  readonly publicKey?: AuditKeyInput | readonly AuditKeyInput[];
}

/** What {@link verifyPostgresAuditLog} found. */
export interface PostgresAuditVerification {
  /** True when every record, the head row and the checkpoint (if given) agree. */
  readonly valid: boolean;
  /** Records verified before the first break (all of them when valid). */
  readonly recordCount: number;
  /** The last verified record's `{ seq, hash }`: save it as a checkpoint. */
  readonly head: ChainHead;
  /** The first break: the sequence number expected there, and why it breaks. */
  readonly firstBreak?: ChainBreak;
  /** With `publicKey`: what the signed checkpoints prove, and which records they leave unsigned. */
  readonly signatures?: AuditSignatureReport;
}

interface AuditRow {
  readonly seq_text: string;
  readonly recorded_at_ms: string;
  readonly connector_name: string;
  readonly source_agent: string;
  readonly allowed: boolean;
  readonly check_name: string | null;
  readonly outcome_status: string | null;
  readonly prev_hash: string;
  readonly hash: string;
  readonly record: string;
}

/**
 * Verifies a PostgreSQL audit table from its first record to its last, in `seq` order: each
 * record must link to the one before and hash correctly (the same check as the JSONL file),
 * each row's searchable columns must agree with its hashed record, and the chain-head row must
 * point at the last record — so an edited, removed, inserted or reordered row is found, and so
 * is a cut at the end. Reads page by page; memory stays flat however long the table.
 *
 * @example
 * const verification = await verifyPostgresAuditLog(pool, { table: "connectorguard_audit" });
 * if (!verification.valid) console.error(verification.firstBreak); // { seq, reason }
 * else console.log(`${verification.recordCount} records verified; head ${verification.head.hash}`);
 */
export async function verifyPostgresAuditLog(
  pool: PostgresQueryable,
  options: PostgresAuditVerifyOptions = {},
): Promise<PostgresAuditVerification> {
  const table = postgresAuditTable(options.table);
  const pageSize = options.pageSize ?? 5_000;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new InvalidOptionError(`pageSize must be an integer >= 1 (got ${options.pageSize})`);
  }
  const checkpoint = options.checkpoint;
  if (
    checkpoint !== undefined &&
    (!Number.isInteger(checkpoint.seq) || checkpoint.seq < 1 || typeof checkpoint.hash !== "string")
  ) {
    throw new InvalidOptionError("checkpoint must be { seq: integer >= 1, hash: string }");
  }

  const verifier = new ChainVerifier();
  let recordCount = 0;
  // The last record that passed every check (the chain verifier's head may be one further).
  let verified: ChainHead = EMPTY_CHAIN_HEAD;
  const coverage =
    options.publicKey === undefined ? undefined : new SignatureCoverage(options.publicKey);
  const result = (firstBreak?: ChainBreak): PostgresAuditVerification => {
    const signatures = coverage?.report(verified, firstBreak === undefined);
    return {
      valid:
        firstBreak === undefined &&
        (signatures === undefined ||
          (signatures.problems.length === 0 && signatures.unsignedEntries === 0)),
      recordCount,
      head: verified,
      ...(firstBreak === undefined ? {} : { firstBreak }),
      ...(signatures === undefined ? {} : { signatures }),
    };
  };

  try {
    if (coverage !== undefined) await readCheckpoints(pool, table, coverage);
    // Writers move the head and insert rows in one transaction, so one statement sees both
    // consistently; rows committed after this snapshot are left for the next verification.
    const snapshot = await readSnapshot(pool, table);
    const lastSeq = Math.max(snapshot.headSeq, snapshot.maxSeq);
    let afterSeq = 0;
    while (afterSeq < lastSeq) {
      const page = await pool.query(
        `SELECT seq::text AS seq_text, (extract(epoch FROM recorded_at) * 1000)::text AS recorded_at_ms,
          connector_name, source_agent, allowed, check_name, outcome_status, prev_hash, hash, record
        FROM ${table.records} WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
        [afterSeq, lastSeq, pageSize],
      );
      for (const row of page.rows as AuditRow[]) {
        const expected = verifier.head.seq + 1;
        let record: unknown;
        try {
          record = JSON.parse(row.record);
        } catch {
          return result({ seq: expected, reason: "the record column is not valid JSON" });
        }
        // JSON.parse keeps the last of two duplicate keys: a record that is not exactly what the
        // writer serialized could read differently to another parser, so it is refused.
        if (!isWriterSerialization(row.record, record)) {
          return result({
            seq: expected,
            reason:
              "the record column is not the writer's exact serialization (duplicate keys, reordering, whitespace or other escapes: the row was edited)",
          });
        }
        const chainBreak = verifier.push(record);
        if (chainBreak !== undefined) return result(chainBreak);
        const disagreement = columnDisagreement(row, record as ChainedAuditRecord);
        if (disagreement !== undefined) {
          return result({
            seq: expected,
            reason: `column ${disagreement} disagrees with the hashed record (the row was edited)`,
          });
        }
        if (
          checkpoint !== undefined &&
          verifier.head.seq === checkpoint.seq &&
          verifier.head.hash !== checkpoint.hash
        ) {
          return result({
            seq: checkpoint.seq,
            reason: "the record at the checkpoint has a different hash (the chain was rewritten)",
          });
        }
        recordCount++;
        verified = verifier.head;
        coverage?.record(verified);
        afterSeq = Number(row.seq_text);
      }
      if (page.rows.length < pageSize) break;
    }
    return result(endDisagreement(snapshot, verified, checkpoint, table));
  } catch (error) {
    throw postgresAuditFailure(error, table, "verify");
  }
}

/**
 * The writer stores `JSON.stringify` of a plain JSON value (older versions, and this one) or its
 * canonical JSON; either is re-created exactly from the parsed value, and nothing else is.
 */
function isWriterSerialization(text: string, record: unknown): boolean {
  return JSON.stringify(record) === text || canonicalJson(record) === text;
}

/** Hands every signed checkpoint row to `coverage` (none when the table does not exist). */
async function readCheckpoints(
  pool: PostgresQueryable,
  table: PostgresAuditTable,
  coverage: SignatureCoverage,
): Promise<void> {
  let rows: unknown[];
  try {
    rows = (
      await pool.query(
        `SELECT seq::text AS seq_text, checkpoint FROM ${table.checkpoints} ORDER BY seq, signature`,
      )
    ).rows;
  } catch (error) {
    if ((error as { code?: unknown })?.code === "42P01") return;
    throw error;
  }
  for (const row of rows as { seq_text: string; checkpoint: string }[]) {
    coverage.add(row.checkpoint, `${table.name}_checkpoints row seq ${row.seq_text}`);
  }
}

interface TableSnapshot {
  readonly headSeq: number;
  readonly headHash: string | undefined;
  readonly maxSeq: number;
}

async function readSnapshot(
  pool: PostgresQueryable,
  table: PostgresAuditTable,
): Promise<TableSnapshot> {
  const found = await pool.query(
    `SELECT (SELECT seq::text FROM ${table.head} WHERE id = 1) AS head_seq,
      (SELECT hash FROM ${table.head} WHERE id = 1) AS head_hash,
      (SELECT coalesce(max(seq), 0)::text FROM ${table.records}) AS max_seq`,
  );
  const row = found.rows[0] as {
    head_seq: string | null;
    head_hash: string | null;
    max_seq: string;
  };
  return {
    headSeq: row.head_seq === null ? -1 : Number(row.head_seq),
    headHash: row.head_hash ?? undefined,
    maxSeq: Number(row.max_seq),
  };
}

/** Checks the end of the chain against the head row and the checkpoint. */
function endDisagreement(
  snapshot: TableSnapshot,
  last: ChainHead,
  checkpoint: ChainHead | undefined,
  table: PostgresAuditTable,
): ChainBreak | undefined {
  const next = last.seq + 1;
  if (checkpoint !== undefined && checkpoint.seq > last.seq) {
    return {
      seq: next,
      reason: `the checkpoint is at seq ${checkpoint.seq} but the table ends at ${last.seq} (records were removed from the end)`,
    };
  }
  if (snapshot.headSeq < 0) {
    return { seq: next, reason: `the chain head row is missing from ${table.head}` };
  }
  if (snapshot.headSeq > last.seq) {
    return {
      seq: next,
      reason: `the chain head is at seq ${snapshot.headSeq} but the table ends at ${last.seq} (records were removed from the end)`,
    };
  }
  if (snapshot.headSeq < last.seq || snapshot.headHash !== last.hash) {
    return {
      seq: snapshot.headSeq + 1,
      reason: `the chain head (seq ${snapshot.headSeq}) does not match the last record (seq ${last.seq}): records were added or the head was edited outside the audit store`,
    };
  }
  return undefined;
}

function columnDisagreement(row: AuditRow, record: ChainedAuditRecord): string | undefined {
  const attempt = record.connectionAttempt;
  if (Number(row.seq_text) !== record.seq) return "seq";
  if (row.hash !== record.hash) return "hash";
  if (row.prev_hash !== record.prevHash) return "prev_hash";
  if (Number(row.recorded_at_ms) !== Date.parse(record.timestamp)) return "recorded_at";
  if (row.connector_name !== toColumnText(attempt.connectorName)) return "connector_name";
  if (row.source_agent !== toColumnText(attempt.sourceAgent)) return "source_agent";
  if (row.allowed !== record.result.allowed) return "allowed";
  if (row.check_name !== (record.result.check ?? null)) return "check_name";
  if (row.outcome_status !== (record.outcome?.status ?? null)) return "outcome_status";
  return undefined;
}
