import { createHash } from "node:crypto";
import { canonicalJson } from "../support/canonical-json.js";
import { toJsonValue } from "../support/to-json-value.js";
import type { ConnectionResult } from "../values/connection-result.js";
import type { AuditEntry, CallOutcome } from "./audit-entry.js";

/** The `prevHash` of the first record of a chain. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * One audit entry as stored durably (a JSONL line, a database row): JSON only, numbered, and
 * linked to the record before it. `hash` is the SHA-256 of the canonical JSON of every other
 * field, so editing, deleting, inserting or reordering records breaks the chain.
 */
export interface ChainedAuditRecord {
  /** 1 for the first record, then +1 per record. */
  readonly seq: number;
  /** `hash` of the previous record; `GENESIS_HASH` for the first. */
  readonly prevHash: string;
  /** SHA-256 (hex) over the canonical JSON of this record without `hash`. */
  readonly hash: string;
  /** When the entry was recorded (ISO 8601). */
  readonly timestamp: string;
  readonly connectionAttempt: {
    readonly connectorName: string;
    readonly sourceAgent: string;
    readonly inputData: unknown;
    readonly timestamp: string;
  };
  readonly result: ConnectionResult;
  readonly outcome?: CallOutcome;
}

/** Where a chain stands: the last sequence number and hash written (a checkpoint). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** The head of an empty chain. */
export const EMPTY_CHAIN_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * Turns an entry into the next record after `head`: JSON-safe, numbered, linked and hashed.
 *
 * @example
 * let head = EMPTY_CHAIN_HEAD;
 * const record = chainAuditRecord(entry, head);
 * head = { seq: record.seq, hash: record.hash };
 */
export function chainAuditRecord(entry: AuditEntry, head: ChainHead): ChainedAuditRecord {
  const attempt = entry.connectionAttempt;
  const unsigned = toJsonValue({
    seq: head.seq + 1,
    prevHash: head.hash,
    timestamp: entry.timestamp,
    connectionAttempt: {
      connectorName: attempt.connectorName,
      sourceAgent: attempt.sourceAgent,
      inputData: attempt.inputData === undefined ? null : attempt.inputData,
      timestamp: attempt.timestamp,
    },
    result: entry.result,
    outcome: entry.outcome,
  }) as Omit<ChainedAuditRecord, "hash">;
  return { ...unsigned, hash: hashAuditRecord(unsigned) };
}

/** The SHA-256 (hex) a record must carry: over its canonical JSON without `hash`. */
export function hashAuditRecord(record: object): string {
  const { hash: _ignored, ...unsigned } = record as Record<string, unknown>;
  return createHash("sha256").update(canonicalJson(unsigned)).digest("hex");
}

/** Turns a stored record back into an `AuditEntry` (dates revived). */
export function auditEntryFromRecord(record: ChainedAuditRecord): AuditEntry {
  const attempt = record.connectionAttempt;
  const entry: AuditEntry = {
    connectionAttempt: {
      connectorName: attempt.connectorName,
      sourceAgent: attempt.sourceAgent,
      inputData: attempt.inputData,
      timestamp: new Date(attempt.timestamp),
    },
    result: record.result,
    timestamp: new Date(record.timestamp),
  };
  return record.outcome === undefined ? entry : { ...entry, outcome: record.outcome };
}

/** Why a chain does not verify, at the first record that breaks it. */
export interface ChainBreak {
  /** The sequence number expected at the break. */
  readonly seq: number;
  readonly reason: string;
}

/**
 * Checks records one at a time, in stored order: each must be well-formed, carry the next
 * sequence number, link to the previous hash and hash correctly. Stops at the first break.
 *
 * @example
 * const verifier = new ChainVerifier();
 * for (const record of records) if (verifier.push(record)) break;
 * verifier.firstBreak ?? verifier.head; // the break, or { seq, hash } of the last record
 */
export class ChainVerifier {
  private current: ChainHead;
  private broken: ChainBreak | undefined;

  constructor(start: ChainHead = EMPTY_CHAIN_HEAD) {
    this.current = start;
  }

  /** Checks the next record; returns the break if this record breaks the chain. */
  push(record: unknown): ChainBreak | undefined {
    if (this.broken !== undefined) return this.broken;
    const expected = this.current.seq + 1;
    const problem = this.problemWith(record, expected);
    if (problem !== undefined) {
      this.broken = { seq: expected, reason: problem };
      return this.broken;
    }
    const { seq, hash } = record as ChainedAuditRecord;
    this.current = { seq, hash };
    return undefined;
  }

  /** The last verified record's sequence number and hash. */
  get head(): ChainHead {
    return this.current;
  }

  /** The first break found, if any. */
  get firstBreak(): ChainBreak | undefined {
    return this.broken;
  }

  private problemWith(record: unknown, expected: number): string | undefined {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      return "record is not a JSON object";
    }
    const { seq, prevHash, hash } = record as Record<string, unknown>;
    if (typeof seq !== "number" || typeof prevHash !== "string" || typeof hash !== "string") {
      return "record lacks seq, prevHash or hash";
    }
    if (seq !== expected) {
      return seq < expected
        ? `sequence number ${seq} repeats or goes backwards (a duplicated or reordered record)`
        : `sequence number jumps from ${expected - 1} to ${seq} (records missing)`;
    }
    if (prevHash !== this.current.hash) {
      return "prevHash does not match the previous record's hash (a record was removed, inserted or reordered)";
    }
    if (hashAuditRecord(record) !== hash) {
      return "hash does not match the record's content (the record was edited)";
    }
    return undefined;
  }
}
