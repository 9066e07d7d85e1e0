export type { AuditEntry, CallOutcome } from "./audit-entry.js";
export { AuditLog, type AuditLogOptions } from "./audit-log.js";
export type { AuditSink } from "./audit-sink.js";
export { combineAuditSinks } from "./combine-audit-sinks.js";
