import { checkAuditLine } from "./check-audit-line.js";
import { forEachAuditLine } from "./for-each-audit-line.js";
import { type ChainedAuditRecord, type ChainHead, EMPTY_CHAIN_HEAD } from "./hash-chain.js";

/** Where and why an audit file stops verifying. */
export interface AuditFileBreak {
  /** The 1-based line at fault. */
  readonly line: number;
  /** The sequence number expected there. */
  readonly seq: number;
  readonly reason: string;
}

/** An incomplete last line: no newline after it and not valid JSON (a write cut short). */
export interface TornTail {
  readonly line: number;
  /** Byte offset where the torn line starts (the file is whole up to here). */
  readonly offset: number;
  readonly byteLength: number;
}

/** What reading an audit file from the start found. */
export interface AuditFileScan {
  /** How many records verified, from the first line on. */
  readonly entries: number;
  /** The last verified record's sequence number and hash. */
  readonly head: ChainHead;
  /** Byte offset just past the last verified record (and its newline, when it has one). */
  readonly endOffset: number;
  /** True when the last verified record is complete but has no newline after it. */
  readonly missingFinalNewline: boolean;
  /** The first line that breaks the file, if any; nothing after it was read. */
  readonly firstBreak?: AuditFileBreak;
  /** A torn last line, if any. */
  readonly tornTail?: TornTail;
}

/** Options of {@link scanAuditFile}. */
export interface ScanAuditFileOptions {
  /**
   * Called with each record once it has verified, in file order, with its 1-based line number
   * and where that line's bytes are (for reading it back later).
   */
  readonly onRecord?: (
    record: ChainedAuditRecord,
    line: number,
    location: { readonly offset: number; readonly length: number },
  ) => void;
  /** Called with each record's `{ seq, hash }` once it has verified (cheaper than `onRecord`). */
  readonly onHead?: (head: ChainHead) => void;
  /**
   * Resume an earlier scan that verified up to `head`: read from `offset` (its `endOffset`),
   * numbering lines after `line` (the number of lines it read), to verify only what was
   * appended since.
   */
  readonly resumeFrom?: {
    readonly offset: number;
    readonly line: number;
    readonly head: ChainHead;
  };
}

/**
 * Reads a JSONL audit file from the start and checks every line: the writer's exact canonical
 * bytes (no duplicate key, no reordering, no whitespace, no other escapes), the next sequence
 * number, linked to the previous hash, hashed correctly, shaped like a record. Stops at the
 * first break. A last line with no newline that is not valid JSON is reported as a torn tail
 * (a crash mid-write), not as a break. Throws the file system's error when the file cannot be
 * read.
 *
 * @example
 * const scan = await scanAuditFile("audit.jsonl");
 * if (scan.firstBreak) console.log(`line ${scan.firstBreak.line}: ${scan.firstBreak.reason}`);
 * else console.log(`${scan.entries} entries, head ${scan.head.seq}`);
 */
export async function scanAuditFile(
  path: string,
  options: ScanAuditFileOptions = {},
): Promise<AuditFileScan> {
  const onRecord = options.onRecord;
  const onHead = options.onHead;
  const resume = options.resumeFrom;
  let head: ChainHead = resume?.head ?? EMPTY_CHAIN_HEAD;
  let endOffset = resume?.offset ?? 0;
  let missingFinalNewline = false;
  let stopped: AuditFileScan | undefined;
  await forEachAuditLine(
    path,
    (bytes, start, end, line, knownUtf8) => {
      // Parsed before checking: the check may reuse the bytes. Only `audit` asks for records.
      const text = onRecord === undefined ? undefined : bytes.toString("utf8", start, end);
      const checked = checkAuditLine(bytes, start, end, head, knownUtf8);
      if ("reason" in checked) {
        const result = { entries: head.seq, head, endOffset };
        if (checked.notJson && !line.terminated) {
          const byteLength = end - start;
          stopped = {
            ...result,
            missingFinalNewline,
            tornTail: { line: line.number, offset: line.offset, byteLength },
          };
        } else {
          stopped = {
            ...result,
            missingFinalNewline: false,
            firstBreak: { line: line.number, seq: head.seq + 1, reason: checked.reason },
          };
        }
        return false;
      }
      head = checked;
      endOffset = line.offset + (end - start) + (line.terminated ? 1 : 0);
      missingFinalNewline = !line.terminated;
      onHead?.(head);
      if (text !== undefined) {
        onRecord?.(JSON.parse(text) as ChainedAuditRecord, line.number, {
          offset: line.offset,
          length: end - start,
        });
      }
      return true;
    },
    resume,
  );
  return stopped ?? { entries: head.seq, head, endOffset, missingFinalNewline };
}
