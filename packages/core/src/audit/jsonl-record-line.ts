import * as crypto from "node:crypto";
import type { AuditEntry } from "./audit-entry.js";
import type { ChainHead } from "./hash-chain.js";

/** One audit entry as the next line of a JSONL audit file, with its place in the chain. */
export interface ChainedAuditLine {
  readonly seq: number;
  readonly hash: string;
  /** The record as canonical JSON (sorted keys, no whitespace), without a trailing newline. */
  readonly text: string;
}

// `crypto.hash` (Node >= 20.12) hashes a short string without building a Hash object.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;
const sha256Hex: (text: string) => string =
  typeof oneShotHash === "function"
    ? (text) => oneShotHash("sha256", text)
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * The next record after `head` as one JSONL line: the same record, hash and sequence number as
 * `chainAuditRecord(entry, head)`, written straight to canonical JSON in one pass. Because the
 * record's keys sort as `connectionAttempt < hash < outcome < prevHash < result < seq <
 * timestamp`, the text that is hashed and the stored line differ only by the `hash` member
 * spliced in, so each entry is serialized once.
 *
 * @example
 * const line = chainAuditLine(entry, EMPTY_CHAIN_HEAD);
 * line.seq; // 1
 * JSON.parse(line.text).hash === line.hash; // true
 */
export function chainAuditLine(entry: AuditEntry, head: ChainHead): ChainedAuditLine {
  const attempt = entry.connectionAttempt;
  const seq = head.seq + 1;
  const attemptMembers =
    member("connectorName", attempt.connectorName) +
    member("inputData", attempt.inputData === undefined ? null : attempt.inputData) +
    member("sourceAgent", attempt.sourceAgent) +
    member("timestamp", attempt.timestamp);
  const before = `{"connectionAttempt":{${attemptMembers.slice(0, -1)}},`;
  const afterMembers =
    member("outcome", entry.outcome) +
    member("prevHash", head.hash) +
    member("result", entry.result) +
    member("seq", seq) +
    member("timestamp", entry.timestamp);
  const after = `${afterMembers.slice(0, -1)}}`;
  const hash = sha256Hex(before + after);
  return { seq, hash, text: `${before}"hash":"${hash}",${after}` };
}

/** `"key":value,` for a member that is kept, "" for one that is dropped (undefined…). */
function member(key: string, value: unknown): string {
  const text = canonicalMember(value, []);
  return text === undefined ? "" : `"${key}":${text},`;
}

/**
 * `canonicalJson(toJsonValue(value))` without building the intermediate copy: the same
 * conversions (BigInt as a string, non-finite numbers as null, `toJSON`, cycles as
 * "[Circular]", functions and symbols dropped) and the same sorted, whitespace-free output.
 * A test checks it against the two-step form on hostile values.
 */
function canonical(value: unknown, ancestors: object[]): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "bigint":
      return JSON.stringify(value.toString());
    case "undefined":
    case "function":
    case "symbol":
      return "null";
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.includes(object)) return '"[Circular]"';
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    let converted: unknown;
    try {
      converted = toJSON.call(object);
    } catch {
      return '"[Unserializable]"';
    }
    return canonical(converted, ancestors);
  }
  ancestors.push(object);
  try {
    if (Array.isArray(object)) {
      let text = "[";
      for (let index = 0; index < object.length; index++) {
        if (index > 0) text += ",";
        text += canonical(object[index], ancestors);
      }
      return `${text}]`;
    }
    const keys = Object.keys(object);
    if (keys.length > 1) keys.sort();
    let text = "{";
    for (const key of keys) {
      const converted = canonicalMember((object as Record<string, unknown>)[key], ancestors);
      if (converted === undefined) continue;
      if (text.length > 1) text += ",";
      text += `${JSON.stringify(key)}:${converted}`;
    }
    return `${text}}`;
  } finally {
    ancestors.pop();
  }
}

function isDropped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** An object member's canonical text, or undefined when the member is dropped. */
function canonicalMember(value: unknown, ancestors: object[]): string | undefined {
  if (isDropped(value)) return undefined;
  if (typeof value !== "object" || value === null || ancestors.includes(value)) {
    return canonical(value, ancestors);
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== "function") return canonical(value, ancestors);
  let converted: unknown;
  try {
    converted = toJSON.call(value);
  } catch {
    return '"[Unserializable]"';
  }
  // A `toJSON` that returns undefined drops the member, as in the two-step form.
  return canonicalMember(converted, ancestors);
}
