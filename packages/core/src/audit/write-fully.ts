import type { FileHandle } from "node:fs/promises";

/**
 * Writes all of `bytes`, however many writes it takes; `progress.written` says how far it got
 * if a write fails.
 *
 * @example
 * await writeFully(handle, Buffer.from(text), { written: 0 });
 */
export async function writeFully(
  handle: FileHandle,
  bytes: Buffer,
  progress: { written: number },
): Promise<void> {
  while (progress.written < bytes.length) {
    const { bytesWritten } = await handle.write(
      bytes,
      progress.written,
      bytes.length - progress.written,
    );
    progress.written += bytesWritten;
  }
}

/**
 * How many whole lines the first `written` bytes of `bytes` hold.
 *
 * @example
 * countLines(Buffer.from("a\nb\nc"), 3); // 1
 */
export function countLines(bytes: Buffer, written: number): number {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < written; at = bytes.indexOf(0x0a, at + 1)) {
    lines++;
  }
  return lines;
}
