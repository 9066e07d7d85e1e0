/**
 * `@aumai/connectorguard/postgres`: the audit trail in PostgreSQL, written by many processes
 * as one hash chain, queried and verified in place. Needs `pg` (an optional peer dependency)
 * only for the pool you pass.
 */
export {
  type AuditOutcomeFilter,
  type PostgresAuditQuery,
  queryPostgresAudit,
} from "./audit/postgres-audit-query.js";
export {
  checkPostgresAuditColumns,
  checkPostgresCheckpointColumns,
  createPostgresAuditTable,
} from "./audit/postgres-audit-schema.js";
export { PostgresAuditSink, type PostgresAuditSinkStatus } from "./audit/postgres-audit-sink.js";
export type {
  AuditBufferFullPolicy,
  PostgresAuditSinkOptions,
} from "./audit/postgres-audit-sink-options.js";
export {
  DEFAULT_POSTGRES_AUDIT_TABLE,
  type PostgresAuditTable,
  postgresAuditTable,
} from "./audit/postgres-audit-table.js";
export {
  type PostgresAuditVerification,
  type PostgresAuditVerifyOptions,
  verifyPostgresAuditLog,
} from "./audit/postgres-audit-verification.js";
export type {
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryable,
  PostgresQueryResult,
} from "./audit/postgres-pool.js";
