/** A stream the CLI writes to. */
export interface CliOutput {
  write(text: string): unknown;
  /** True when the stream is a terminal (colours are used only then). */
  readonly isTTY?: boolean;
}

/** Everything a command touches outside itself, so it can run in-process or as the binary. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Reads all of standard input; undefined when standard input is a terminal. */
  readonly readStdin: () => Promise<string | undefined>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the user asks to stop (Ctrl-C, SIGTERM), for long-running commands. */
  readonly interrupted: Promise<void>;
}

/**
 * The real process's streams, environment and signals.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 */
export function processIo(): CliIo {
  let stop: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => {
    stop = resolve;
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop());
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interrupted,
    readStdin: async () => {
      if (process.stdin.isTTY) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}
