export type { AuditEntry, CallOutcome } from "./audit-entry.js";
export { AuditLog, type AuditLogOptions } from "./audit-log.js";
export { auditSignatureFile } from "./audit-signature-file.js";
export {
  type AuditKeyInput,
  auditKeyId,
  auditSigningKey,
  auditVerificationKey,
} from "./audit-signing-key.js";
export type { AuditSigningOptions } from "./audit-signing-options.js";
export type { AuditSink } from "./audit-sink.js";
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
export type { AuditSignatureReport, SequenceRange } from "./signature-coverage.js";
export {
  checkSignedCheckpoint,
  formatSignedCheckpoint,
  SIGNED_CHECKPOINT_TYPE,
  type SignedCheckpoint,
  signChainHead,
} from "./signed-checkpoint.js";
export { toJsonValue } from "./to-json-value.js";
export {
  type AuditFileSignatureReport,
  type AuditLogVerification,
  type VerifyAuditLogOptions,
  verifyAuditLog,
} from "./verify-audit-log.js";
