import { isUtf8 } from "node:buffer";
import * as crypto from "node:crypto";
import { canonicalProblem, scanCanonicalRecord } from "./canonical-record-scanner.js";
import type { ChainHead } from "./hash-chain.js";

/** Why a line of an audit file does not verify. */
export interface AuditLineProblem {
  readonly reason: string;
  /** True when the line is not even JSON (a torn last line, when it has no newline). */
  readonly notJson: boolean;
}

// `crypto.hash` (Node >= 20.12) hashes one input without building a Hash object.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Uint8Array) => string }).hash;
const sha256Hex: (data: Uint8Array) => string =
  typeof oneShotHash === "function"
    ? (data) => oneShotHash("sha256", data)
    : (data) => crypto.createHash("sha256").update(data).digest("hex");

/**
 * Verifies one line of a JSONL audit file, as bytes: it must be the writer's exact canonical
 * serialization of a record (see `scanCanonicalRecord`), hash correctly — SHA-256 over these
 * very bytes less the `hash` member, so no other bytes can carry the same hash — look like a
 * record, and, given the record before it, carry the next sequence number and link to its
 * hash. Returns the line's `{ seq, hash }` or what is wrong. Pass `knownUtf8` when the caller
 * has already checked the bytes are valid UTF-8 (a whole chunk at once is cheaper). The
 * line's bytes are overwritten once they have been checked, to hash them without a copy.
 *
 * @example
 * const line = Buffer.from(text);
 * const checked = checkAuditLine(line, 0, line.length, head, false);
 * if ("reason" in checked) console.log(checked.reason);
 * else head = checked;
 */
export function checkAuditLine(
  bytes: Buffer,
  start: number,
  end: number,
  previous: ChainHead | undefined,
  knownUtf8: boolean,
): ChainHead | AuditLineProblem {
  if (start === end) return { reason: "line is empty", notJson: false };
  if (!knownUtf8 && !isUtf8(bytes.subarray(start, end))) {
    return { reason: "line is not valid UTF-8", notJson: true };
  }
  const facts = scanCanonicalRecord(bytes, start, end);
  if (facts === undefined) return notCanonical(bytes, start, end, canonicalProblem());
  const { seq, hashStart, hashEnd, prevHashStart } = facts;
  if (Number.isNaN(seq) || hashStart < 0 || prevHashStart < 0) {
    return { reason: "record lacks seq, prevHash or hash", notJson: false };
  }
  if (previous === undefined) {
    // With nothing to compare it with, prevHash must still be a hash (the scanner skipped it).
    if (!isHexHash(bytes, prevHashStart, facts.prevHashEnd)) {
      return { reason: "record's prevHash is not a SHA-256 in lowercase hex", notJson: false };
    }
  } else {
    const expected = previous.seq + 1;
    if (seq !== expected) {
      return {
        reason:
          seq < expected
            ? `sequence number ${seq} repeats or goes backwards (a duplicated or reordered record)`
            : `sequence number jumps from ${expected - 1} to ${seq} (records missing)`,
        notJson: false,
      };
    }
    if (!sameText(bytes, prevHashStart, facts.prevHashEnd, previous.hash)) {
      return {
        reason:
          "prevHash does not match the previous record's hash (a record was removed, inserted or reordered)",
        notJson: false,
      };
    }
  }
  const hash = bytes.toString("latin1", hashStart, hashEnd);
  if (hashOfLine(bytes, start, end, facts.cutStart, facts.cutEnd) !== hash) {
    return {
      reason: "hash does not match the record's content (the record was edited)",
      notJson: false,
    };
  }
  const shapeProblem = !facts.attemptIsObject
    ? "record lacks connectionAttempt"
    : !facts.namesAreStrings
      ? "record lacks connectionAttempt.connectorName or connectionAttempt.sourceAgent"
      : !facts.resultIsObject || !facts.allowedIsBoolean
        ? "record lacks result.allowed"
        : !facts.timestampIsString
          ? "record lacks a timestamp"
          : undefined;
  if (shapeProblem !== undefined) return { reason: shapeProblem, notJson: false };
  return { seq, hash };
}

/**
 * SHA-256 over the line less the `hash` member: the text the writer hashed. The bytes before
 * the member are moved up over it (one memmove, no copy to another buffer), so the line's
 * bytes are overwritten.
 */
function hashOfLine(
  bytes: Buffer,
  start: number,
  end: number,
  cutStart: number,
  cutEnd: number,
): string {
  const cut = cutEnd - cutStart;
  bytes.copyWithin(start + cut, start, cutStart);
  return sha256Hex(new Uint8Array(bytes.buffer, bytes.byteOffset + start + cut, end - start - cut));
}

function isHexHash(bytes: Buffer, start: number, end: number): boolean {
  if (end - start !== 64) return false;
  for (let index = start; index < end; index++) {
    const byte = bytes[index] as number;
    if (!((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66))) return false;
  }
  return true;
}

function sameText(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let index = 0; index < text.length; index++) {
    if (bytes[start + index] !== text.charCodeAt(index)) return false;
  }
  return true;
}

function notCanonical(
  bytes: Buffer,
  start: number,
  end: number,
  problem: string,
): AuditLineProblem {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8", start, end));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { reason: `line is not valid JSON (${detail})`, notJson: true };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { reason: "record is not a JSON object", notJson: false };
  }
  return {
    reason: `line is not the writer's canonical serialization: ${problem} (the line was edited, or not written by a ConnectorGuard audit sink)`,
    notJson: false,
  };
}
