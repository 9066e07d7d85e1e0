import { AuditLogCorruptError } from "../errors/audit-log-corrupt-error.js";
import { EMPTY_CHAIN_HEAD } from "./hash-chain.js";
import { readChainTail } from "./read-chain-tail.js";
import { type AuditFileScan, scanAuditFile } from "./scan-audit-file.js";

/**
 * Where a writer resumes an audit file: its head, and a torn last line or a missing final
 * newline to repair first. Verifies the whole chain (or, with `verifyOnOpen` false, only the
 * last record when it looks healthy); a missing file is an empty chain. Throws
 * `AuditLogCorruptError` for any other damage.
 *
 * @example
 * const state = await resumeAuditChain("audit.jsonl", true);
 * state.head; // { seq: 1187, hash: "4e07…" }
 */
export async function resumeAuditChain(
  path: string,
  verifyOnOpen: boolean,
): Promise<Omit<AuditFileScan, "entries" | "firstBreak">> {
  try {
    if (!verifyOnOpen) {
      const tail = await readChainTail(path);
      if (tail !== undefined) return tail;
    }
    const scan = await scanAuditFile(path);
    const chainBreak = scan.firstBreak;
    if (chainBreak !== undefined) {
      throw new AuditLogCorruptError(path, chainBreak.line, chainBreak.seq, chainBreak.reason);
    }
    return scan;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { head: EMPTY_CHAIN_HEAD, endOffset: 0, missingFinalNewline: false };
    }
    throw error;
  }
}
