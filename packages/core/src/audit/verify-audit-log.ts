import type { ChainHead } from "./hash-chain.js";
import { type AuditFileBreak, scanAuditFile, type TornTail } from "./scan-audit-file.js";

/** Options of {@link verifyAuditLog}. */
export interface VerifyAuditLogOptions {
  /**
   * A head recorded earlier (see `parseChainCheckpoint`). The log must still hold that exact
   * record: this catches a cut at the tail and a chain rewritten from the start, which the
   * chain alone cannot show.
   */
  readonly checkpoint?: ChainHead;
}

/** What {@link verifyAuditLog} found. */
export interface AuditLogVerification {
  /** True when every line verified, nothing is torn and the checkpoint (if any) matched. */
  readonly ok: boolean;
  readonly file: string;
  /** How many entries verified, from the first line. */
  readonly entries: number;
  /** The last verified entry: give it back later as a checkpoint. */
  readonly head: ChainHead;
  /** The first broken line, with its expected sequence number and why it breaks the chain. */
  readonly firstBreak?: AuditFileBreak;
  /** An incomplete last line (a crash mid-write, or a writer still writing). */
  readonly tornTail?: TornTail;
  /** Why the checkpoint did not match, when it did not. */
  readonly checkpointProblem?: string;
}

/**
 * Verifies a JSONL audit file: every line must be a record with the next sequence number,
 * linked to the previous record's hash and hashed correctly. Reports the first break (line,
 * sequence number, reason) or how many entries verified. Throws only when the file cannot be
 * read.
 *
 * What it cannot show on its own: lines cut from the end (the shorter file is still a valid
 * chain), or a file rewritten from scratch with fresh hashes. Pass a `checkpoint` saved
 * earlier, outside the log, to catch both.
 *
 * @example
 * const report = await verifyAuditLog("audit.jsonl", { checkpoint: parseChainCheckpoint(saved) });
 * if (!report.ok) console.error(report.firstBreak?.reason ?? report.checkpointProblem);
 */
export async function verifyAuditLog(
  path: string,
  options: VerifyAuditLogOptions = {},
): Promise<AuditLogVerification> {
  const checkpoint = options.checkpoint;
  let checkpointHash: string | undefined;
  const scan = await scanAuditFile(path, {
    onHead:
      checkpoint === undefined
        ? undefined
        : (head) => {
            if (head.seq === checkpoint.seq) checkpointHash = head.hash;
          },
  });
  let checkpointProblem: string | undefined;
  if (checkpoint !== undefined && scan.firstBreak === undefined) {
    if (checkpointHash === undefined) {
      checkpointProblem = `the log ends at seq ${scan.head.seq}, before the checkpoint's seq ${checkpoint.seq} (entries were cut from the end)`;
    } else if (checkpointHash !== checkpoint.hash) {
      checkpointProblem = `the record at seq ${checkpoint.seq} has hash ${checkpointHash}, not the checkpoint's ${checkpoint.hash} (the log was rewritten)`;
    }
  }
  const ok =
    scan.firstBreak === undefined && scan.tornTail === undefined && checkpointProblem === undefined;
  return {
    ok,
    file: path,
    entries: scan.entries,
    head: scan.head,
    ...(scan.firstBreak === undefined ? {} : { firstBreak: scan.firstBreak }),
    ...(scan.tornTail === undefined ? {} : { tornTail: scan.tornTail }),
    ...(checkpointProblem === undefined ? {} : { checkpointProblem }),
  };
}
