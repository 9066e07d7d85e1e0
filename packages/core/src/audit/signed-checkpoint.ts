import { type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "../support/canonical-json.js";
import { auditKeyId } from "./audit-signing-key.js";
import type { ChainHead } from "./hash-chain.js";

/** What a signed checkpoint's `type` says: the format and its version. */
export const SIGNED_CHECKPOINT_TYPE = "connectorguard-audit-checkpoint/1" as const;

/**
 * A chain head signed by the writer's key: "the log held record `seq` with hash `hash`, and I
 * wrote the records in `ranges`". The hash commits to every record up to `seq`; `ranges` says
 * which of them the signer vouches for, so that records it found on resuming a log (written
 * before a crash, or appended by someone else) are never vouched for by its signature.
 */
export interface SignedCheckpoint {
  readonly type: typeof SIGNED_CHECKPOINT_TYPE;
  readonly seq: number;
  readonly hash: string;
  /** Inclusive `[first, last]` sequence numbers this signer wrote, each within `1..seq`. */
  readonly ranges: readonly (readonly [number, number])[];
  /** When it was signed (ISO 8601). */
  readonly signedAt: string;
  /** `auditKeyId` of the signing key. */
  readonly keyId: string;
  /** Ed25519 signature (base64url) over the canonical JSON of every other member. */
  readonly signature: string;
}

/**
 * Signs `head` with an Ed25519 private key, vouching for `ranges`.
 *
 * @example
 * const checkpoint = signChainHead(sink.storedThrough, [[1, sink.storedThrough.seq]], privateKey);
 * formatSignedCheckpoint(checkpoint); // one line of audit.jsonl.sig
 */
export function signChainHead(
  head: ChainHead,
  ranges: readonly (readonly [number, number])[],
  privateKey: KeyObject,
  keyId: string = auditKeyId(privateKey),
  signedAt: Date = new Date(),
): SignedCheckpoint {
  const unsigned = {
    type: SIGNED_CHECKPOINT_TYPE as typeof SIGNED_CHECKPOINT_TYPE,
    seq: head.seq,
    hash: head.hash,
    ranges: ranges.map(([first, last]) => [first, last] as const),
    signedAt: signedAt.toISOString(),
    keyId,
  };
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), privateKey).toString(
    "base64url",
  );
  return { ...unsigned, signature };
}

/**
 * A signed checkpoint as one line of text (canonical JSON, no newline): a line of the
 * `<log>.sig` file, or a PostgreSQL checkpoint row.
 *
 * @example
 * await appendFile("audit.jsonl.sig", `${formatSignedCheckpoint(checkpoint)}\n`);
 */
export function formatSignedCheckpoint(checkpoint: SignedCheckpoint): string {
  return canonicalJson(checkpoint);
}

const hexHash = /^[0-9a-f]{64}$/;
const base64url = /^[A-Za-z0-9_-]+$/;

/**
 * Reads a signed checkpoint line and checks it against the verification keys: its exact
 * canonical form, its members, a key it names, its signature. Returns the checkpoint, or why it
 * cannot be trusted. Whether the log holds that record is the caller's to check.
 *
 * @example
 * const checked = checkSignedCheckpoint(line, [publicKey]);
 * if (typeof checked === "string") console.error(checked);
 */
export function checkSignedCheckpoint(
  text: string,
  keys: ReadonlyMap<string, KeyObject>,
): SignedCheckpoint | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  const checkpoint = value as Partial<SignedCheckpoint> | null;
  if (typeof checkpoint !== "object" || checkpoint === null || Array.isArray(checkpoint)) {
    return "not a JSON object";
  }
  if (canonicalJson(checkpoint) !== text) {
    return "not the signer's canonical serialization (an edited line)";
  }
  const { type, seq, hash, ranges, signedAt, keyId, signature } = checkpoint;
  if (type !== SIGNED_CHECKPOINT_TYPE) return `type is not "${SIGNED_CHECKPOINT_TYPE}"`;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return "seq is not an integer >= 1";
  if (typeof hash !== "string" || !hexHash.test(hash)) return "hash is not a SHA-256 in hex";
  if (
    !Array.isArray(ranges) ||
    !ranges.every(
      (range) =>
        Array.isArray(range) &&
        range.length === 2 &&
        Number.isSafeInteger(range[0]) &&
        Number.isSafeInteger(range[1]) &&
        range[0] >= 1 &&
        range[0] <= range[1] &&
        range[1] <= (seq as number),
    )
  ) {
    return "ranges is not a list of [first, last] within 1..seq";
  }
  if (typeof signedAt !== "string" || Number.isNaN(Date.parse(signedAt))) {
    return "signedAt is not a date";
  }
  if (typeof keyId !== "string" || typeof signature !== "string" || !base64url.test(signature)) {
    return "keyId or signature is missing";
  }
  const key = keys.get(keyId);
  if (key === undefined)
    return `signed by a key not given to verify (keyId ${keyId.slice(0, 16)}…)`;
  const { signature: _signature, ...unsigned } = checkpoint;
  const valid = verify(
    null,
    Buffer.from(canonicalJson(unsigned)),
    key,
    Buffer.from(signature, "base64url"),
  );
  return valid
    ? (checkpoint as SignedCheckpoint)
    : "bad signature (the checkpoint was forged or edited)";
}
