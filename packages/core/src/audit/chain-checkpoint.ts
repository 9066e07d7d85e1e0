import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { ChainHead } from "./hash-chain.js";

const checkpointPattern = /^(\d+):([0-9a-f]{64})$/;

/**
 * Reads a checkpoint written as `SEQ:HASH` (what `connectorguard verify` prints as the head),
 * e.g. `1042:9f86d0…`. Throws `InvalidOptionError` for anything else.
 *
 * @example
 * parseChainCheckpoint("2:" + "ab".repeat(32)); // { seq: 2, hash: "abab…" }
 */
export function parseChainCheckpoint(text: string): ChainHead {
  const match = checkpointPattern.exec(text.trim());
  const seq = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(seq) || seq < 1) {
    throw new InvalidOptionError(
      `checkpoint must be SEQ:HASH, a sequence number >= 1 and a 64-digit lowercase hex SHA-256 (got ${JSON.stringify(text)})`,
    );
  }
  return { seq, hash: match[2] as string };
}

/**
 * Writes a chain head as a `SEQ:HASH` checkpoint, to be stored away from the log and given
 * back to `verifyAuditLog` later.
 *
 * @example
 * formatChainCheckpoint(sink.head); // "1042:9f86d0…"
 */
export function formatChainCheckpoint(head: ChainHead): string {
  return `${head.seq}:${head.hash}`;
}
