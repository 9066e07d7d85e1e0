import { open } from "node:fs/promises";

/** One line of an audit file, as bytes on disk. */
export interface AuditFileLine {
  /** 1-based line number. */
  readonly number: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
  /** The line's text, without its newline. */
  readonly text: string;
  /** The line's length in bytes, without its newline. */
  readonly byteLength: number;
  /** False for a last line with no newline after it (a write cut short, or in progress). */
  readonly terminated: boolean;
}

const chunkSize = 1 << 20;
const newline = 0x0a;

/** Where {@link readAuditLines} starts: a line's first byte, and the number of lines before it. */
export interface AuditLinesStart {
  readonly offset: number;
  readonly line: number;
}

/**
 * Reads a file line by line (split on `\n` only, so byte offsets stay exact), without holding
 * it in memory. The last line is yielded with `terminated: false` when the file does not end
 * with a newline; a file that ends with one yields no empty last line. `start` resumes at a
 * line's first byte (an earlier read's end), numbering lines on from it.
 *
 * @example
 * for await (const line of readAuditLines("audit.jsonl")) {
 *   if (!line.terminated) console.warn(`line ${line.number} is incomplete`);
 * }
 */
export async function* readAuditLines(
  path: string,
  start: AuditLinesStart = { offset: 0, line: 0 },
): AsyncGenerator<AuditFileLine> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    let carry: Buffer[] = [];
    let carryLength = 0;
    let lineStart = start.offset;
    let number = start.line;
    let position = start.offset;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let from = 0;
      for (;;) {
        const end = buffer.indexOf(newline, from);
        if (end === -1 || end >= bytesRead) break;
        const piece = buffer.subarray(from, end);
        const bytes = carryLength === 0 ? piece : Buffer.concat([...carry, piece]);
        number++;
        yield {
          number,
          offset: lineStart,
          text: bytes.toString("utf8"),
          byteLength: bytes.length,
          terminated: true,
        };
        lineStart += bytes.length + 1;
        carry = [];
        carryLength = 0;
        from = end + 1;
      }
      if (from < bytesRead) {
        // Copied: the buffer is reused for the next chunk.
        carry.push(Buffer.from(buffer.subarray(from, bytesRead)));
        carryLength += bytesRead - from;
      }
    }
    if (carryLength > 0) {
      const bytes = Buffer.concat(carry);
      yield {
        number: number + 1,
        offset: lineStart,
        text: bytes.toString("utf8"),
        byteLength: bytes.length,
        terminated: false,
      };
    }
  } finally {
    await handle.close();
  }
}
