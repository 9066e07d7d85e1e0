import { ConnectorGuardError } from "@aumai/connectorguard";
import { type McpProxyOptions, runMcpProxy } from "./run-mcp-proxy.js";

/** What the proxy's command needs from its process (the core CLI's `CliIo` fits). */
export interface McpProxyCliIo {
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves on SIGINT / SIGTERM. */
  readonly interrupted: Promise<void>;
}

/** Why a proxy stops when its server exits: the exit code is then 1. */
const serverExited = "the MCP server behind the proxy has exited";

/**
 * Runs `mcp-proxy` as a command: starts the proxy, waits until the client leaves, the server
 * exits or the process is interrupted, then stops the server and flushes the audit. Returns
 * the exit code: 0 after a normal stop, 1 when the server exited, 2 (with one line on
 * stderr) for a bad policy, command or option. Both `connectorguard mcp-proxy` and
 * `connectorguard-mcp mcp-proxy` run this.
 *
 * @example
 * process.exitCode = await runMcpProxyCommand(
 *   { config: "policy.yaml", agentId: "desktop-user", command: ["mcp-server-filesystem", "/data"] },
 *   { stderr: process.stderr, env: process.env, interrupted },
 * );
 */
export async function runMcpProxyCommand(
  options: Omit<McpProxyOptions, "env" | "stderr">,
  io: McpProxyCliIo,
): Promise<number> {
  let proxy: Awaited<ReturnType<typeof runMcpProxy>>;
  try {
    proxy = await runMcpProxy({ ...options, env: io.env, stderr: io.stderr });
  } catch (error) {
    io.stderr.write(`connectorguard-mcp: error: ${oneLine(describeFailure(error))}\n`);
    return 2;
  }
  if (proxy.url !== undefined) io.stderr.write(`connectorguard-mcp: serving MCP at ${proxy.url}\n`);
  const why = await Promise.race([proxy.done, io.interrupted.then(() => "interrupted")]);
  try {
    await proxy.close();
  } catch (error) {
    io.stderr.write(
      `connectorguard-mcp: error while stopping: ${oneLine(describeFailure(error))}\n`,
    );
    return 1;
  }
  return why === serverExited ? 1 : 0;
}

function describeFailure(error: unknown): string {
  if (ConnectorGuardError.isInstance(error)) return error.message;
  const fileError = error as NodeJS.ErrnoException | undefined;
  if (typeof fileError?.code === "string" && fileError.path !== undefined) {
    return `${fileError.path}: ${fileError.code === "ENOENT" ? "no such file" : fileError.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
