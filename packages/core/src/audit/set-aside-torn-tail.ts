import { open } from "node:fs/promises";
import type { TornTail } from "./scan-audit-file.js";
import { writeNewFileSynced } from "./write-new-file-synced.js";

/** What was done with a torn last line. */
export interface TornLineReport {
  /** The audit file. */
  readonly file: string;
  /** The torn line's number. */
  readonly line: number;
  readonly byteLength: number;
  /** Where its bytes were moved: `<file>.torn-<time>-<pid>` next to the log. */
  readonly sideFile: string;
}

/**
 * Moves a torn last line out of an audit file: its bytes are copied to a side file next to the
 * log and synced, and only then is the log cut back to its last complete line. Nothing else
 * in the log changes.
 *
 * @example
 * const report = await setAsideTornTail("audit.jsonl", scan.tornTail);
 * console.warn(`torn line moved to ${report.sideFile}`);
 */
export async function setAsideTornTail(file: string, tornTail: TornTail): Promise<TornLineReport> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const sideFile = `${file}.torn-${stamp}-${process.pid}`;
  const log = await open(file, "r+");
  try {
    const bytes = Buffer.alloc(tornTail.byteLength);
    await log.read(bytes, 0, bytes.length, tornTail.offset);
    await writeNewFileSynced(sideFile, bytes);
    await log.truncate(tornTail.offset);
    await log.sync();
  } finally {
    await log.close();
  }
  return { file, line: tornTail.line, byteLength: tornTail.byteLength, sideFile };
}
