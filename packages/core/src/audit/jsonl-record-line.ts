import * as crypto from "node:crypto";
import type { AuditEntry } from "./audit-entry.js";
import type { ChainHead } from "./hash-chain.js";

const dateToJSON = Date.prototype.toJSON;

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
    inputMember(attempt.inputData) +
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
  // Hashing flattens `hashed` into one string; the line is cut from it rather than from the
  // many small pieces `before` and `after` are made of, so a queued line keeps few objects alive.
  const hashed = before + after;
  const hash = sha256Hex(hashed);
  const text = `${hashed.slice(0, before.length)}"hash":"${hash}",${hashed.slice(before.length)}`;
  return { seq, hash, text };
}

/**
 * The longest input text a line keeps. The guard's redaction keeps inputs far below it; with
 * `redaction: false`, or for an entry appended to the sink directly, a larger input (or one too
 * deep to serialize: a stack overflow would lose the whole entry) is written as a summary.
 */
const MAX_INPUT_TEXT_LENGTH = 8_000_000;

/** The `inputData` member, or a `{ truncated, reason }` summary when it cannot be kept. */
function inputMember(inputData: unknown): string {
  let text: string | undefined;
  let reason: string;
  try {
    text = canonical(inputData === undefined ? null : inputData, []) ?? "null";
    if (text.length <= MAX_INPUT_TEXT_LENGTH) return `"inputData":${text},`;
    reason = `input of ${text.length} characters, over the audit line limit of ${MAX_INPUT_TEXT_LENGTH}`;
  } catch (error) {
    const detail = error instanceof Error ? error.message : typeof error;
    reason = `input could not be serialized (${detail.slice(0, 120)})`;
  }
  return member("inputData", { reason, truncated: true });
}

/** `"key":value,` for a member that is kept, "" for one that is dropped (undefined…). */
function member(key: string, value: unknown): string {
  const text = canonical(value, []);
  return text === undefined ? "" : `"${key}":${text},`;
}

/**
 * `canonicalJson(toJsonValue(value))` without building the intermediate copy: the same
 * conversions (BigInt as a string, non-finite numbers as null, `toJSON`, cycles as
 * "[Circular]") and the same sorted, whitespace-free output. Returns undefined for what the
 * two-step form drops (undefined, functions, symbols), which an array writes as `null`. A test
 * checks it against the two-step form on hostile values.
 */
function canonical(value: unknown, ancestors: object[]): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      // For a finite number, String() writes what JSON.stringify writes (-0 as "0" too).
      return Number.isFinite(value) ? String(value) : "null";
    case "bigint":
      return JSON.stringify(value.toString());
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.includes(object)) return '"[Circular]"';
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  // Every entry holds two dates: skip the generic toJSON round trip for an untouched one.
  if (toJSON === dateToJSON && object instanceof Date) {
    return Number.isFinite(object.getTime()) ? `"${object.toISOString()}"` : "null";
  }
  if (typeof toJSON === "function") {
    let converted: unknown;
    try {
      converted = toJSON.call(object);
    } catch {
      return '"[Unserializable]"';
    }
    return canonical(converted, ancestors);
  }
  // No try/finally: `ancestors` belongs to one serialization, which a throw abandons.
  ancestors.push(object);
  let text: string;
  if (Array.isArray(object)) {
    text = "[";
    for (let index = 0; index < object.length; index++) {
      if (index > 0) text += ",";
      text += canonical(object[index], ancestors) ?? "null";
    }
    text += "]";
  } else {
    const keys = sortKeys(Object.keys(object));
    let members = "";
    for (const key of keys) {
      const converted = canonical((object as Record<string, unknown>)[key], ancestors);
      if (converted !== undefined) members += `,${quotedKey(key)}:${converted}`;
    }
    text = `{${members.slice(1)}}`;
  }
  ancestors.pop();
  return text;
}

/**
 * Sorts keys by UTF-16 code units, as `Array.prototype.sort` does; objects in audit entries
 * have a handful of keys, where an insertion sort beats the general sort's overhead.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index] as string;
    let position = index - 1;
    while (position >= 0 && (keys[position] as string) > key) {
      keys[position + 1] = keys[position] as string;
      position--;
    }
    keys[position + 1] = key;
  }
  return keys;
}

// Keys repeat from entry to entry (prompt, model, reason…): quote each once.
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 4_096) quotedKeys.set(key, quoted);
  }
  return quoted;
}
