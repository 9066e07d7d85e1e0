import { isUtf8 } from "node:buffer";
import { open } from "node:fs/promises";

/**
 * Told about one line of a file: its bytes are `bytes[start, end)` (valid only during the
 * call), `knownUtf8` says they were checked to be UTF-8 already, `offset` is where the line
 * starts in the file. Return false to stop reading.
 */
export type AuditLineVisitor = (
  bytes: Buffer,
  start: number,
  end: number,
  line: { readonly number: number; readonly offset: number; readonly terminated: boolean },
  knownUtf8: boolean,
) => boolean;

const chunkSize = 4 << 20;
const newline = 0x0a;

/**
 * Reads a file line by line (split on `\n` only, so byte offsets stay exact) and hands each
 * line's bytes to `visit`, synchronously, a large chunk at a time: no string and no promise
 * per line, which is what lets a verifier run near the speed of hashing. The last line is
 * visited with `terminated: false` when the file does not end with a newline. Resolves with
 * the number of the last line visited. `start` resumes after an earlier read that ended, on a
 * line boundary, at byte `offset` after line `line`.
 *
 * @example
 * await forEachAuditLine("audit.jsonl", (bytes, start, end, line) => {
 *   console.log(line.number, end - start);
 *   return true;
 * });
 */
export async function forEachAuditLine(
  path: string,
  visit: AuditLineVisitor,
  start: { readonly offset: number; readonly line: number } = { offset: 0, line: 0 },
): Promise<number> {
  const handle = await open(path, "r");
  try {
    // A small file gets a buffer its size (plus the byte that shows it ended).
    const size = (await handle.stat()).size;
    let buffer = Buffer.allocUnsafe(Math.min(chunkSize, Math.max(size + 1, 4096)));
    // Bytes [0, kept) of `buffer` are the start of a line the previous chunk did not finish.
    let kept = 0;
    // Resuming an earlier read: lines are numbered on from it, offsets stay the file's own.
    let number = start.line;
    let fileOffset = start.offset;
    let position = start.offset;
    for (;;) {
      if (kept === buffer.length) {
        // One line longer than the buffer: grow it.
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, kept);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, kept, buffer.length - kept, position);
      position += bytesRead;
      const filled = kept + bytesRead;
      if (bytesRead === 0) {
        if (kept > 0) {
          number++;
          const terminated = false;
          visit(buffer, 0, kept, { number, offset: fileOffset, terminated }, false);
        }
        return number;
      }
      const lastNewline = buffer.lastIndexOf(newline, filled - 1);
      if (lastNewline < 0) {
        kept = filled;
        continue;
      }
      const knownUtf8 = isUtf8(buffer.subarray(0, lastNewline));
      let from = 0;
      while (from <= lastNewline) {
        const end = buffer.indexOf(newline, from);
        number++;
        const line = { number, offset: fileOffset, terminated: true };
        if (!visit(buffer, from, end, line, knownUtf8)) return number;
        fileOffset += end - from + 1;
        from = end + 1;
      }
      kept = filled - from;
      buffer.copy(buffer, 0, from, filled);
    }
  } finally {
    await handle.close();
  }
}
