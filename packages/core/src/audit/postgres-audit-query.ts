import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { ChainedAuditRecord } from "./hash-chain.js";
import { postgresAuditFailure } from "./postgres-audit-failure.js";
import { postgresAuditTable } from "./postgres-audit-table.js";
import { toColumnText } from "./postgres-column-text.js";
import type { PostgresQueryable } from "./postgres-pool.js";

/** Which decisions to return: `allowed`/`denied` by the guard, or calls that ran `ok`/`error`. */
export type AuditOutcomeFilter = "allowed" | "denied" | "ok" | "error";

/** A query of the PostgreSQL audit trail; every field narrows it, none is required. */
export interface PostgresAuditQuery {
  /** `name` or `schema.name`. Default `connectorguard_audit`. */
  readonly table?: string;
  /** Entries recorded at or after this time. */
  readonly since?: Date;
  /** Entries recorded before this time. */
  readonly until?: Date;
  /** Entries of this agent. */
  readonly agent?: string;
  /** Entries of calls to this connector. */
  readonly connector?: string;
  readonly outcome?: AuditOutcomeFilter;
  /** Only records after this sequence number (for paging: pass the last `seq` you got). */
  readonly afterSeq?: number;
  /** At most this many records (default 1 000). */
  readonly limit?: number;
  /** `"asc"` (oldest first, the default) or `"desc"` (newest first). */
  readonly order?: "asc" | "desc";
}

const outcomeConditions: Record<AuditOutcomeFilter, string> = {
  allowed: "allowed",
  denied: "NOT allowed",
  ok: "outcome_status = 'ok'",
  error: "outcome_status = 'error'",
};

/**
 * Reads records from a PostgreSQL audit table, filtered by time, agent, connector and
 * outcome, in chain order. Each record is exactly what was hashed (`ChainedAuditRecord`);
 * turn one into an `AuditEntry` with `auditEntryFromRecord`. The table's indexes serve the
 * time, agent and connector filters.
 *
 * @example
 * const denied = await queryPostgresAudit(pool, {
 *   agent: "support-bot",
 *   outcome: "denied",
 *   since: new Date(Date.now() - 60 * 60 * 1000),
 * });
 * for (const record of denied) console.log(record.seq, record.result.reason);
 */
export async function queryPostgresAudit(
  pool: PostgresQueryable,
  query: PostgresAuditQuery = {},
): Promise<ChainedAuditRecord[]> {
  const table = postgresAuditTable(query.table);
  const conditions: string[] = [];
  const values: unknown[] = [];
  const bind = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  if (query.since !== undefined)
    conditions.push(`recorded_at >= ${bind(validDate("since", query.since))}`);
  if (query.until !== undefined)
    conditions.push(`recorded_at < ${bind(validDate("until", query.until))}`);
  if (query.agent !== undefined) {
    conditions.push(`source_agent = ${bind(toColumnText(text("agent", query.agent)))}`);
  }
  if (query.connector !== undefined) {
    conditions.push(`connector_name = ${bind(toColumnText(text("connector", query.connector)))}`);
  }
  if (query.outcome !== undefined) {
    const condition = outcomeConditions[query.outcome];
    if (!Object.hasOwn(outcomeConditions, query.outcome) || condition === undefined) {
      throw new InvalidOptionError(
        `outcome must be one of ${Object.keys(outcomeConditions).join(", ")} (got ${JSON.stringify(query.outcome)})`,
      );
    }
    conditions.push(condition);
  }
  if (query.afterSeq !== undefined) {
    if (!Number.isInteger(query.afterSeq) || query.afterSeq < 0) {
      throw new InvalidOptionError(`afterSeq must be an integer >= 0 (got ${query.afterSeq})`);
    }
    conditions.push(`seq > ${bind(query.afterSeq)}`);
  }
  const limit = query.limit ?? 1_000;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidOptionError(`limit must be an integer >= 1 (got ${query.limit})`);
  }
  const order = query.order ?? "asc";
  if (order !== "asc" && order !== "desc") {
    throw new InvalidOptionError(`order must be "asc" or "desc" (got ${JSON.stringify(order)})`);
  }
  const where = conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;
  try {
    const result = await pool.query(
      `SELECT record FROM ${table.records} ${where} ORDER BY seq ${order.toUpperCase()} LIMIT ${bind(limit)}`,
      values,
    );
    const records = result.rows.map(
      (row) => JSON.parse((row as { record: string }).record) as ChainedAuditRecord,
    );
    // The columns hold NUL and lone surrogates as U+FFFD; the records hold the exact names.
    return records.filter(
      (record) =>
        (query.agent === undefined || record.connectionAttempt.sourceAgent === query.agent) &&
        (query.connector === undefined ||
          record.connectionAttempt.connectorName === query.connector),
    );
  } catch (error) {
    throw postgresAuditFailure(error, table, "query");
  }
}

function validDate(field: string, value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidOptionError(`${field} must be a valid Date (got ${String(value)})`);
  }
  return value;
}

function text(field: string, value: string): string {
  if (typeof value !== "string") {
    throw new InvalidOptionError(`${field} must be a string (got ${typeof value})`);
  }
  return value;
}
