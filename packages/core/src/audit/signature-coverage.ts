import type { KeyObject } from "node:crypto";
import { type AuditKeyInput, auditKeyId, auditVerificationKey } from "./audit-signing-key.js";
import type { ChainHead } from "./hash-chain.js";
import { checkSignedCheckpoint, type SignedCheckpoint } from "./signed-checkpoint.js";

/** Inclusive range of sequence numbers. */
export interface SequenceRange {
  readonly from: number;
  readonly to: number;
}

/** What the signed checkpoints of a log prove, and what they leave open. */
export interface AuditSignatureReport {
  /** Signed checkpoints that verified and match the log. */
  readonly checkpoints: number;
  /** The last signed point: the highest such checkpoint. */
  readonly signedThrough?: {
    readonly seq: number;
    readonly hash: string;
    readonly signedAt: string;
  };
  /**
   * Entries no such checkpoint vouches for, as ranges: after the last signed point (appended
   * since, by the writer or anyone else), or in a gap a writer found on resuming the log.
   */
  readonly unsigned: readonly SequenceRange[];
  readonly unsignedEntries: number;
  /** Checkpoints that cannot be trusted or that the log contradicts, each with where it is. */
  readonly problems: readonly string[];
}

interface PendingCheckpoint {
  readonly checkpoint: SignedCheckpoint;
  readonly where: string;
}

/**
 * Collects a log's signed checkpoints, matches them with the log's records as a verifier reads
 * them, and works out what is signed. Used by `verifyAuditLog` and `verifyPostgresAuditLog`.
 *
 * @example
 * const coverage = new SignatureCoverage([publicKey]);
 * coverage.add(line, "audit.jsonl.sig:1");
 * await scanAuditFile("audit.jsonl", { onHead: (head) => coverage.record(head) });
 * coverage.report(scan.head, true).unsignedEntries;
 */
export class SignatureCoverage {
  private readonly keys = new Map<string, KeyObject>();
  private readonly pending = new Map<number, PendingCheckpoint[]>();
  private readonly matched: SignedCheckpoint[] = [];
  private readonly problems: string[] = [];

  constructor(publicKeys: AuditKeyInput | readonly AuditKeyInput[]) {
    const list = Array.isArray(publicKeys) ? publicKeys : [publicKeys as AuditKeyInput];
    for (const input of list) {
      const key = auditVerificationKey(input);
      this.keys.set(auditKeyId(key), key);
    }
  }

  /** Takes one checkpoint line; `where` names it in problems (`audit.jsonl.sig:3`). */
  add(text: string, where: string): void {
    const checked = checkSignedCheckpoint(text, this.keys);
    if (typeof checked === "string") {
      this.problems.push(`${where}: ${checked}`);
      return;
    }
    const list = this.pending.get(checked.seq);
    if (list === undefined) this.pending.set(checked.seq, [{ checkpoint: checked, where }]);
    else list.push({ checkpoint: checked, where });
  }

  /** Told about each verified record, in order. */
  record(head: ChainHead): void {
    if (this.pending.size === 0) return;
    const waiting = this.pending.get(head.seq);
    if (waiting === undefined) return;
    this.pending.delete(head.seq);
    for (const { checkpoint, where } of waiting) {
      if (checkpoint.hash === head.hash) this.matched.push(checkpoint);
      else {
        this.problems.push(
          `${where}: signed seq ${head.seq} with hash ${checkpoint.hash.slice(0, 16)}…, but the log's record ${head.seq} has hash ${head.hash.slice(0, 16)}… (the log was rewritten)`,
        );
      }
    }
  }

  /**
   * What is signed, once every record up to `head` was given to {@link record}. `complete` is
   * false when the chain broke after `head`: checkpoints beyond it could not be checked.
   */
  report(head: ChainHead, complete: boolean): AuditSignatureReport {
    const problems = [...this.problems];
    for (const [seq, waiting] of [...this.pending].sort(([left], [right]) => left - right)) {
      for (const { where } of waiting) {
        problems.push(
          complete
            ? `${where}: signed seq ${seq}, but the log ends at seq ${head.seq} (entries were cut from the end)`
            : `${where}: signed seq ${seq}, which was not checked: the chain breaks before it`,
        );
      }
    }
    const covered = this.matched
      .flatMap((checkpoint) => checkpoint.ranges.map(([from, to]) => ({ from, to })))
      .sort((left, right) => left.from - right.from);
    const unsigned: SequenceRange[] = [];
    let next = 1;
    for (const range of covered) {
      if (range.from > next) unsigned.push({ from: next, to: Math.min(range.from - 1, head.seq) });
      next = Math.max(next, range.to + 1);
      if (next > head.seq) break;
    }
    if (next <= head.seq) unsigned.push({ from: next, to: head.seq });
    const kept = unsigned.filter((range) => range.from <= range.to && range.from <= head.seq);
    const last = this.matched.reduce<SignedCheckpoint | undefined>(
      (highest, checkpoint) =>
        highest === undefined || checkpoint.seq > highest.seq ? checkpoint : highest,
      undefined,
    );
    return {
      checkpoints: this.matched.length,
      ...(last === undefined
        ? {}
        : { signedThrough: { seq: last.seq, hash: last.hash, signedAt: last.signedAt } }),
      unsigned: kept,
      unsignedEntries: kept.reduce((total, range) => total + range.to - range.from + 1, 0),
      problems,
    };
  }
}
