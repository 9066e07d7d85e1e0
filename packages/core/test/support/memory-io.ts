import type { CliIo } from "../../src/cli/cli-io.js";

/** A `CliIo` that keeps what the CLI writes, with the given stdin, environment and terminal. */
export function memoryIo(
  options: { isTTY?: boolean; env?: Record<string, string>; stdin?: string } = {},
) {
  const written = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: { write: (text: string) => (written.stdout += text), isTTY: options.isTTY },
    stderr: { write: (text: string) => (written.stderr += text) },
    env: options.env ?? {},
    readStdin: async () => options.stdin,
    interrupted: new Promise(() => {}),
  };
  return { io, written };
}
