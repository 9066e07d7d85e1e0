import { spawn } from "node:child_process";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { JsonLineTransport } from "./json-line-transport.js";

/** How to start the server behind the proxy. */
export interface StdioServerCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Where the server's stderr goes. */
  readonly stderr: { write(text: string | Uint8Array): unknown };
}

/** How long a server gets to exit after SIGTERM before SIGKILL. */
const KILL_AFTER_MS = 2_000;

/**
 * A transport to a server started as a child process, speaking MCP over its stdin/stdout
 * (see `JsonLineTransport`). `start` rejects when the command cannot be started; `onclose`
 * runs when the process exits; `close` ends its input and stops it (SIGTERM, then SIGKILL).
 *
 * @example
 * const downstream = spawnStdioServer({ command: "mcp-server-filesystem", args: [root], env, cwd, stderr });
 * await downstream.start();
 */
export function spawnStdioServer(
  server: StdioServerCommand,
): Transport & { readonly pid?: number } {
  let lines: JsonLineTransport | undefined;
  let exited: Promise<void> | undefined;
  let child: ReturnType<typeof spawn> | undefined;
  const transport: Transport & { pid?: number } = {
    async start() {
      child = spawn(server.command, [...server.args], {
        env: server.env,
        cwd: server.cwd,
        stdio: ["pipe", "pipe", "pipe"],
        windowsHide: true,
      });
      const running = child;
      running.stderr?.on("data", (chunk: Buffer) => server.stderr.write(chunk));
      exited = new Promise((resolve) => running.once("close", () => resolve()));
      await new Promise<void>((resolve, reject) => {
        running.once("spawn", () => resolve());
        running.once("error", reject);
      });
      transport.pid = running.pid;
      lines = new JsonLineTransport(running.stdout as never, running.stdin as never);
      lines.onmessage = (message) => transport.onmessage?.(message);
      lines.onerror = (error) => transport.onerror?.(error);
      running.stdin?.on("error", (error) => transport.onerror?.(error));
      await lines.start();
      void exited.then(() => transport.onclose?.());
    },
    send(message: JSONRPCMessage) {
      if (lines === undefined) return Promise.reject(new Error("the server is not started"));
      return lines.send(message);
    },
    async close() {
      const running = child;
      if (running === undefined || exited === undefined) return;
      running.stdin?.end();
      if (running.exitCode === null && running.signalCode === null) running.kill("SIGTERM");
      const timer = setTimeout(() => running.kill("SIGKILL"), KILL_AFTER_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  return transport;
}
