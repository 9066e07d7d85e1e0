export type { AuditEntry, CallOutcome } from "./audit-entry.js";
export { AuditLog, type AuditLogOptions } from "./audit-log.js";
export type { AuditSink } from "./audit-sink.js";
export { canonicalJson } from "./canonical-json.js";
export { combineAuditSinks } from "./combine-audit-sinks.js";
export {
  auditEntryFromRecord,
  type ChainBreak,
  type ChainedAuditRecord,
  type ChainHead,
  ChainVerifier,
  chainAuditRecord,
  EMPTY_CHAIN_HEAD,
  GENESIS_HASH,
  hashAuditRecord,
} from "./hash-chain.js";
export { toJsonValue } from "./to-json-value.js";
