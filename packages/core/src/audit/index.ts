export type { AuditEntry, CallOutcome } from "./audit-entry.js";
export { AuditLog, type AuditLogOptions, DEFAULT_AUDIT_LOG_MAX_BYTES } from "./audit-log.js";
export type { AuditReservation, AuditSink } from "./audit-sink.js";
export { canonicalJson } from "./canonical-json.js";
export { formatChainCheckpoint, parseChainCheckpoint } from "./chain-checkpoint.js";
export { combineAuditSinks } from "./combine-audit-sinks.js";
export { acquireFileLock, type FileLock, type FileLockOptions } from "./file-lock.js";
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
export {
  type JsonSnapshot,
  type JsonSnapshotFailure,
  type JsonSnapshotLimits,
  type JsonValue,
  toJsonSnapshot,
} from "./json-snapshot.js";
export {
  type AuditDurability,
  JsonlAuditSink,
  type JsonlAuditSinkOptions,
} from "./jsonl-audit-sink.js";
export { type ChainedAuditLine, chainAuditLine } from "./jsonl-record-line.js";
export { type AuditFileLine, readAuditLines } from "./read-audit-lines.js";
export {
  type AuditFileBreak,
  type AuditFileScan,
  type ScanAuditFileOptions,
  scanAuditFile,
  type TornTail,
} from "./scan-audit-file.js";
export type { TornLineReport } from "./set-aside-torn-tail.js";
export { toJsonValue } from "./to-json-value.js";
export {
  type AuditLogVerification,
  type VerifyAuditLogOptions,
  verifyAuditLog,
} from "./verify-audit-log.js";
