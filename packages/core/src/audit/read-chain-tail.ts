import { open } from "node:fs/promises";
import { checkAuditLine } from "./check-audit-line.js";
import { type ChainHead, EMPTY_CHAIN_HEAD } from "./hash-chain.js";
import type { AuditFileScan } from "./scan-audit-file.js";

const firstWindow = 64 * 1024;

/**
 * Finds the head of an audit file from its last lines only, without reading the rest: the last
 * complete record (which must hash correctly) and a torn line after it, if any. Returns
 * undefined when the tail does not look healthy, so that the caller can scan the whole file
 * and report the precise break.
 *
 * @example
 * const tail = await readChainTail("audit.jsonl");
 * tail?.head; // { seq: 1042, hash: "…" }
 */
export async function readChainTail(
  path: string,
): Promise<Omit<AuditFileScan, "entries" | "firstBreak"> | undefined> {
  const handle = await open(path, "r");
  try {
    const size = (await handle.stat()).size;
    if (size === 0) return { head: EMPTY_CHAIN_HEAD, endOffset: 0, missingFinalNewline: false };
    for (let window = firstWindow; ; window *= 2) {
      const start = Math.max(0, size - window);
      const bytes = Buffer.allocUnsafe(size - start);
      await handle.read(bytes, 0, bytes.length, start);
      const found = lastRecord(bytes, start, size);
      if (found !== "need more") return found;
      if (start === 0) return undefined;
    }
  } finally {
    await handle.close();
  }
}

function lastRecord(
  bytes: Buffer,
  start: number,
  size: number,
): Omit<AuditFileScan, "entries" | "firstBreak"> | undefined | "need more" {
  const terminated = bytes[bytes.length - 1] === 0x0a;
  const lastNewline = terminated
    ? bytes.lastIndexOf(0x0a, bytes.length - 2)
    : bytes.lastIndexOf(0x0a, bytes.length - 1);
  if (lastNewline === -1 && start > 0) return "need more";
  const lastLine = bytes.subarray(lastNewline + 1, terminated ? bytes.length - 1 : bytes.length);
  const last = checkAuditLine(
    bytes,
    lastNewline + 1,
    lastNewline + 1 + lastLine.length,
    undefined,
    false,
  );
  if (!("reason" in last)) {
    return { head: last, endOffset: size, missingFinalNewline: !terminated };
  }
  // A line that is JSON but not a good record is damage, for the full scan to name.
  if (terminated || !last.notJson) return undefined;
  // An unterminated line that is not JSON: torn. The head is the line before it (in a
  // healthy file, line n holds seq n).
  const offset = start + lastNewline + 1;
  if (lastNewline === -1) {
    const tornTail = { line: 1, offset, byteLength: lastLine.length };
    return { head: EMPTY_CHAIN_HEAD, endOffset: 0, missingFinalNewline: false, tornTail };
  }
  const previousNewline = bytes.lastIndexOf(0x0a, lastNewline - 1);
  if (previousNewline === -1 && start > 0) return "need more";
  const previous = recordAt(bytes, previousNewline + 1, lastNewline);
  if (previous === undefined) return undefined;
  const tornTail = { line: previous.seq + 1, offset, byteLength: lastLine.length };
  return { head: previous, endOffset: offset, missingFinalNewline: false, tornTail };
}

/** The line's `{ seq, hash }` when it is a canonical record that hashes correctly. */
function recordAt(bytes: Buffer, start: number, end: number): ChainHead | undefined {
  const checked = checkAuditLine(bytes, start, end, undefined, false);
  return "reason" in checked ? undefined : checked;
}
