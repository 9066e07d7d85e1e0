import { open } from "node:fs/promises";

/**
 * Creates `path` (failing with EEXIST if it exists), writes `data` and fsyncs it before
 * closing, so the content is on disk before anything refers to the file.
 *
 * @example
 * await writeNewFileSynced(`${file}.tmp`, text);
 * await rename(`${file}.tmp`, file);
 */
export async function writeNewFileSynced(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
