import type { ChainedAuditRecord } from "../audit/hash-chain.js";
import type { AuditIndex } from "./audit-index.js";
import type { ChainState } from "./chain-state.js";

/** Where the viewer reads the audit trail from: a JSONL file or a PostgreSQL table. */
export interface ViewerSource {
  /** e.g. the file's path or `PostgreSQL table connectorguard_audit`. */
  readonly name: string;
  /**
   * Adds what was appended since the last call to `index` (all of it the first time; the whole
   * source again, after `index.clear()`, when it was rewritten). True when anything changed.
   */
  refresh(index: AuditIndex): Promise<boolean>;
  /** Verifies the whole chain again from the first entry, re-reading the index. */
  verifyAgain(index: AuditIndex): Promise<void>;
  /** The chain's state as last checked. */
  chain(): ChainState;
  /** The full record of one indexed entry. */
  record(index: AuditIndex, seq: number): Promise<ChainedAuditRecord | undefined>;
  close(): Promise<void>;
}
