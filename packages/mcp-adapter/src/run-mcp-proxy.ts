import type { Readable, Writable } from "node:stream";
import {
  createGuard,
  type Guard,
  InvalidOptionError,
  loadGuardConfig,
} from "@aumai/connectorguard";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { findExecutable } from "./find-executable.js";
import { JsonLineTransport } from "./json-line-transport.js";
import { McpProxySession } from "./mcp-proxy-session.js";
import { serveStreamableHttp } from "./serve-streamable-http.js";
import { spawnStdioServer } from "./spawn-stdio-server.js";

/** The reason the proxy denies a call it cannot attribute to anyone. */
export const UNIDENTIFIED_PROXY_REASON =
  "start the proxy with --agent-id ID, or send a bearer capability token over HTTP";

/** Options of {@link runMcpProxy}. */
export interface McpProxyOptions {
  /** The policy file (`loadGuardConfig`): connectors, agents, tokens, audit sinks. */
  readonly config: string;
  /**
   * The server to put the guard in front of: its command and arguments (started over stdio),
   * or one `http://` / `https://` URL of a Streamable HTTP server.
   */
  readonly command: readonly string[];
  /** The agent every call is made as (stdio, or HTTP without capability tokens). */
  readonly agentId?: string;
  /** `HOST:PORT` to serve Streamable HTTP on instead of stdio (port 0 picks a free one). */
  readonly listen?: string;
  /** Hide the tools the identity may not call from `tools/list`. */
  readonly filterTools?: boolean;
  /** The environment the policy and the server see (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the server's stderr and the proxy's notices go (default `process.stderr`). */
  readonly stderr?: { write(text: string | Uint8Array): unknown };
  /** The stdio side facing the client (default `process.stdin` / `process.stdout`). */
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /** The working directory of the server (default `process.cwd()`). */
  readonly cwd?: string;
}

/** A running proxy. */
export interface RunningMcpProxy {
  readonly guard: Guard;
  /** The Streamable HTTP endpoint, when listening. */
  readonly url?: string;
  /** Resolves with why the proxy stopped: the client left, the server exited, or `close()`. */
  readonly done: Promise<string>;
  /** Stops the server(s) and flushes and closes the audit sinks. */
  close(): Promise<void>;
}

/**
 * Puts ConnectorGuard in front of an MCP server: starts the server over stdio and serves MCP
 * to the client over stdio (what Claude Desktop, Cursor and other clients start), or over
 * Streamable HTTP with `listen`. Every `tools/call` is decided and audited by the policy's
 * guard; everything else passes through unchanged. Throws `ConfigError` for a bad policy and
 * `InvalidOptionError` for a command that does not exist or a bad `listen`, before anything
 * starts.
 *
 * @example
 * const proxy = await runMcpProxy({
 *   config: "policy.yaml",
 *   agentId: "desktop-user",
 *   command: ["npx", "-y", "@modelcontextprotocol/server-filesystem", "/home/me/notes"],
 * });
 * await proxy.done; // the client disconnected
 * await proxy.close();
 */
export async function runMcpProxy(options: McpProxyOptions): Promise<RunningMcpProxy> {
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? process.stderr;
  const [command, ...args] = options.command;
  if (command === undefined || command === "") {
    throw new InvalidOptionError(
      "mcp-proxy: give the server's command after --, e.g. -- npx -y @modelcontextprotocol/server-filesystem /data",
    );
  }
  const cwd = options.cwd ?? process.cwd();
  const serverUrl = /^https?:\/\//i.test(command) ? parseServerUrl(command, args) : undefined;
  if (serverUrl === undefined && findExecutable(command, env, cwd) === undefined) {
    throw new InvalidOptionError(`mcp-proxy: server command '${command}' not found (PATH or path)`);
  }
  if (options.agentId !== undefined && options.agentId === "") {
    throw new InvalidOptionError("mcp-proxy: --agent-id must not be empty");
  }
  const listen = options.listen === undefined ? undefined : parseListen(options.listen);
  const guard = createGuard(await loadGuardConfig(options.config, { env }));
  const serverEnv = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  // Windows needs the SDK's transport, which finds `npx.cmd` and the like (cross-spawn).
  const connectDownstream = (): Transport => {
    if (serverUrl !== undefined) return new StreamableHTTPClientTransport(serverUrl);
    if (process.platform !== "win32") {
      return spawnStdioServer({ command, args, env: serverEnv, cwd, stderr });
    }
    const transport = new StdioClientTransport({
      command,
      args,
      env: serverEnv,
      cwd,
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => stderr.write(chunk));
    return transport;
  };
  const onError = (error: Error, side: string) =>
    stderr.write(`connectorguard-mcp: ${side}: ${error.message}\n`);
  const identity = options.agentId === undefined ? {} : { agentId: options.agentId };

  let stop: (why: string) => void = () => {};
  const done = new Promise<string>((resolve) => {
    stop = resolve;
  });
  let closeFront: () => Promise<void>;
  let url: string | undefined;
  try {
    if (listen === undefined) {
      const stdin = options.stdin ?? process.stdin;
      const session = new McpProxySession({
        upstream: new JsonLineTransport(stdin, options.stdout ?? process.stdout),
        downstream: connectDownstream(),
        guard,
        identityOf: () => identity,
        filterTools: options.filterTools,
        unidentifiedReason: UNIDENTIFIED_PROXY_REASON,
        onError,
        onClose: (why) => stop(why),
      });
      await session.start().catch(async (error: unknown) => {
        await session.close();
        throw new InvalidOptionError(
          `mcp-proxy: cannot start '${command}': ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      closeFront = () => session.close("stopped");
    } else {
      const front = await serveStreamableHttp({
        ...listen,
        guard,
        connectDownstream,
        requireBearer: guard.validator.capabilityTokens !== undefined,
        agentId: options.agentId,
        session: {
          filterTools: options.filterTools,
          unidentifiedReason: UNIDENTIFIED_PROXY_REASON,
          onError,
        },
      }).catch((error: unknown) => {
        throw new InvalidOptionError(
          `mcp-proxy: cannot listen on ${options.listen}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      url = front.url;
      closeFront = () => front.close();
    }
  } catch (error) {
    await guard.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    guard,
    ...(url === undefined ? {} : { url }),
    done,
    close: () => {
      closing ??= (async () => {
        try {
          await closeFront();
        } finally {
          stop("stopped");
          await guard.close();
        }
      })();
      return closing;
    },
  };
}

function parseServerUrl(text: string, args: readonly string[]): URL {
  if (args.length > 0) {
    throw new InvalidOptionError(
      `mcp-proxy: a server URL takes no arguments (got '${args.join(" ")}' after ${text})`,
    );
  }
  try {
    return new URL(text);
  } catch {
    throw new InvalidOptionError(`mcp-proxy: '${text}' is not a valid server URL`);
  }
}

function parseListen(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (match === null || !(port >= 0 && port <= 65535)) {
    throw new InvalidOptionError(
      `mcp-proxy: --listen must be HOST:PORT, e.g. 127.0.0.1:8931 (got '${text}')`,
    );
  }
  return { host: (match[1] as string).replace(/^\[|\]$/g, ""), port };
}
