import { type FileHandle, open } from "node:fs/promises";
import { formatSignedCheckpoint, type SignedCheckpoint } from "./signed-checkpoint.js";
import { writeFully } from "./write-fully.js";

/**
 * The side file that holds a JSONL audit file's signed checkpoints: `<log>.sig`, one
 * `SignedCheckpoint` per line. The log itself stays one record per line; a forger who can edit
 * the log can delete this file's last lines too, which is why a verifier reports every entry
 * after the last signed checkpoint as unsigned rather than trusting what is missing.
 *
 * @example
 * auditSignatureFile("audit.jsonl"); // "audit.jsonl.sig"
 */
export function auditSignatureFile(logPath: string): string {
  return `${logPath}.sig`;
}

/**
 * Opens `<log>.sig` for appending checkpoints (creating it if missing). A last line cut short
 * by a crash is dropped first: a partial signature proves nothing, and the next line must not
 * be glued to it. Returns the function that appends a checkpoint (synced unless `sync` is
 * false) and the one that closes the file.
 *
 * @example
 * const signatures = await openAuditSignatureFile("audit.jsonl.sig", true);
 * await signatures.append(checkpoint);
 * await signatures.close();
 */
export async function openAuditSignatureFile(
  path: string,
  sync: boolean,
): Promise<{
  append: (checkpoint: SignedCheckpoint) => Promise<void>;
  close: () => Promise<void>;
}> {
  const handle: FileHandle = await open(path, "a+");
  try {
    const size = (await handle.stat()).size;
    if (size > 0) {
      const tail = Buffer.alloc(Math.min(size, 4096));
      await handle.read(tail, 0, tail.length, size - tail.length);
      if (tail[tail.length - 1] !== 0x0a) {
        const lastNewline = tail.lastIndexOf(0x0a);
        // A line longer than the window is not one this writer wrote: leave it to verify.
        if (lastNewline >= 0 || size <= tail.length) {
          await handle.truncate(size - tail.length + lastNewline + 1);
          if (sync) await handle.sync();
        }
      }
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    append: async (checkpoint) => {
      await writeFully(handle, Buffer.from(`${formatSignedCheckpoint(checkpoint)}\n`), {
        written: 0,
      });
      if (sync) await handle.datasync();
    },
    close: () => handle.close(),
  };
}
