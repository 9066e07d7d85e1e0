import { type ChainedAuditRecord, type ChainHead, ChainVerifier } from "./hash-chain.js";
import { readAuditLines } from "./read-audit-lines.js";

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
 * Reads a JSONL audit file from the start and checks every line: valid JSON, the next
 * sequence number, linked to the previous hash, hashed correctly, shaped like a record. Stops
 * at the first break. A last line with no newline that is not valid JSON is reported as a
 * torn tail (a crash mid-write), not as a break. Throws the file system's error when the file
 * cannot be read.
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
  const resume = options.resumeFrom;
  const verifier = new ChainVerifier(resume?.head);
  let endOffset = resume?.offset ?? 0;
  let missingFinalNewline = false;
  for await (const line of readAuditLines(path, resume)) {
    const seq = verifier.head.seq + 1;
    const result = { entries: verifier.head.seq, head: verifier.head, endOffset };
    let record: unknown;
    try {
      record = line.text === "" ? undefined : JSON.parse(line.text);
    } catch (error) {
      if (!line.terminated) {
        const tornTail = { line: line.number, offset: line.offset, byteLength: line.byteLength };
        return { ...result, missingFinalNewline, tornTail };
      }
      const detail = error instanceof Error ? error.message : String(error);
      return breakAt(result, line.number, seq, `line is not valid JSON (${detail})`);
    }
    if (record === undefined) return breakAt(result, line.number, seq, "line is empty");
    const chainBreak = verifier.push(record);
    if (chainBreak !== undefined) {
      return breakAt(result, line.number, chainBreak.seq, chainBreak.reason);
    }
    const shapeProblem = describeShapeProblem(record as Record<string, unknown>);
    if (shapeProblem !== undefined) return breakAt(result, line.number, seq, shapeProblem);
    endOffset = line.offset + line.byteLength + (line.terminated ? 1 : 0);
    missingFinalNewline = !line.terminated;
    options.onRecord?.(record as ChainedAuditRecord, line.number, {
      offset: line.offset,
      length: line.byteLength,
    });
  }
  return { entries: verifier.head.seq, head: verifier.head, endOffset, missingFinalNewline };
}

function breakAt(
  result: Pick<AuditFileScan, "entries" | "head" | "endOffset">,
  line: number,
  seq: number,
  reason: string,
): AuditFileScan {
  return { ...result, missingFinalNewline: false, firstBreak: { line, seq, reason } };
}

/** What is missing from a record that hashes correctly but cannot be read as an entry. */
function describeShapeProblem(record: Record<string, unknown>): string | undefined {
  const attempt = record.connectionAttempt as Record<string, unknown> | null | undefined;
  if (typeof attempt !== "object" || attempt === null) return "record lacks connectionAttempt";
  if (typeof attempt.connectorName !== "string" || typeof attempt.sourceAgent !== "string") {
    return "record lacks connectionAttempt.connectorName or connectionAttempt.sourceAgent";
  }
  const result = record.result as Record<string, unknown> | null | undefined;
  if (typeof result !== "object" || result === null || typeof result.allowed !== "boolean") {
    return "record lacks result.allowed";
  }
  if (typeof record.timestamp !== "string") return "record lacks a timestamp";
  return undefined;
}
