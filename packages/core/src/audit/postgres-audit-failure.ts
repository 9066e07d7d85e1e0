import { AuditStoreError } from "../errors/audit-store-error.js";
import type { PostgresAuditTable } from "./postgres-audit-table.js";

/**
 * An `AuditStoreError` for a failure to reach or use an audit table, naming a missing table
 * plainly (what a CLI user most often gets wrong).
 *
 * @example
 * // AuditStoreError: PostgreSQL audit table audit_x does not exist (nothing has been recorded there yet, or the table name is wrong)
 * throw postgresAuditFailure(error, postgresAuditTable("audit_x"), "query");
 */
export function postgresAuditFailure(
  error: unknown,
  table: PostgresAuditTable,
  doing: string,
): AuditStoreError {
  if ((error as { code?: unknown } | undefined)?.code === "42P01") {
    return new AuditStoreError(
      `PostgreSQL audit table ${table.name} does not exist (nothing has been recorded there yet, or the table name is wrong)`,
      { cause: error },
    );
  }
  return new AuditStoreError(
    `could not ${doing} PostgreSQL audit table ${table.name}: ${describeDatabaseError(error)}`,
    { cause: error },
  );
}

/**
 * A database failure's message, falling back on its code: a refused connection can be an
 * `AggregateError` with no message of its own.
 *
 * @example
 * describeDatabaseError(new AggregateError([new Error("connect ECONNREFUSED ::1:5432")]));
 * // "connect ECONNREFUSED ::1:5432"
 */
export function describeDatabaseError(error: unknown): string {
  if (error instanceof AggregateError && error.message === "") {
    const first = error.errors[0] as { message?: string } | undefined;
    if (first?.message) return first.message;
  }
  if (error instanceof Error && error.message !== "") return error.message;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : String(error);
}
