import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Guard } from "@aumai/connectorguard";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { McpProxySession, type McpProxySessionOptions } from "./mcp-proxy-session.js";

/** The largest request body the proxy reads (4 MiB). */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Options of {@link serveStreamableHttp}. */
export interface StreamableHttpProxyOptions {
  readonly host: string;
  readonly port: number;
  readonly guard: Guard;
  /** A new connection to the server, one per MCP session (a fresh stdio child). */
  readonly connectDownstream: () => Transport;
  /** Bearer capability tokens are required on every request (the policy has `capabilityTokens`). */
  readonly requireBearer: boolean;
  /** The agent of requests when no bearer token is required (`--agent-id`). */
  readonly agentId?: string;
  readonly session: Pick<McpProxySessionOptions, "filterTools" | "unidentifiedReason" | "onError">;
}

/** A listening Streamable HTTP proxy. */
export interface StreamableHttpProxy {
  /** The MCP endpoint, e.g. `http://127.0.0.1:8931/mcp`. */
  readonly url: string;
  readonly server: Server;
  /** Stops listening and closes every session (stopping their servers). */
  close(): Promise<void>;
}

const bearerRealm = 'Bearer realm="connectorguard-mcp-proxy"';

/**
 * Serves MCP over Streamable HTTP at `/mcp`, each session relayed to its own downstream
 * server. With `requireBearer`, every request must carry `Authorization: Bearer <token>`, a
 * capability token the policy's `capabilityTokens` verify: a missing or invalid one is
 * answered `401` with `WWW-Authenticate`, as MCP's authorization spec says; the token's
 * `sub` is the agent of that request's calls. The identity never comes from a tool's
 * arguments.
 *
 * @example
 * const proxy = await serveStreamableHttp({ host: "127.0.0.1", port: 8931, guard, requireBearer: true,
 *   connectDownstream: () => new StdioClientTransport({ command: "mcp-server-filesystem", args: [root] }), session: {} });
 * proxy.url; // "http://127.0.0.1:8931/mcp"
 */
export async function serveStreamableHttp(
  options: StreamableHttpProxyOptions,
): Promise<StreamableHttpProxy> {
  const sessions = new Map<
    string,
    { transport: StreamableHTTPServerTransport; proxy: McpProxySession }
  >();
  const verifier = options.guard.validator.capabilityTokens;

  const handle = async (
    request: IncomingMessage & { auth?: unknown },
    response: ServerResponse,
  ) => {
    const path = new URL(request.url ?? "/", "http://proxy").pathname;
    if (path !== "/mcp")
      return send(response, 404, { error: "not found; the MCP endpoint is /mcp" });
    if (options.requireBearer) {
      const header = request.headers.authorization;
      const token = /^Bearer +(\S+)$/i.exec(header ?? "")?.[1];
      if (token === undefined || verifier === undefined) {
        return send(
          response,
          401,
          { error: "a bearer capability token is required" },
          {
            "WWW-Authenticate": bearerRealm,
          },
        );
      }
      const verification = await verifier.verify(token);
      if (!verification.valid) {
        return send(
          response,
          401,
          { error: verification.reason },
          {
            "WWW-Authenticate": `${bearerRealm}, error="invalid_token", error_description="${verification.reason.replace(/["\\]/g, "'")}"`,
          },
        );
      }
      request.auth = {
        token,
        clientId: verification.agent,
        scopes: verification.permissions.toArray(),
      };
    }
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (session === undefined) {
        return send(response, 404, jsonRpcError("unknown or expired MCP session"));
      }
      const body = request.method === "POST" ? await readJson(request, response) : undefined;
      if (body === failed) return;
      return session.transport.handleRequest(request as never, response, body);
    }
    if (request.method !== "POST") {
      return send(response, 400, jsonRpcError("start a session with an initialize request"));
    }
    const body = await readJson(request, response);
    if (body === failed) return;
    const messages = Array.isArray(body) ? body : [body];
    if (!messages.some((message) => isInitializeRequest(message))) {
      return send(response, 400, jsonRpcError("no session: the first request must be initialize"));
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, proxy });
      },
    });
    const agentId = options.agentId;
    const proxy = new McpProxySession({
      ...options.session,
      upstream: transport,
      downstream: options.connectDownstream(),
      guard: options.guard,
      identityOf: (extra) => {
        const token = (extra?.authInfo as { token?: string } | undefined)?.token;
        if (token !== undefined) return { capabilityToken: token };
        return agentId === undefined ? {} : { agentId };
      },
      onClose: () => {
        const id = transport.sessionId;
        if (id !== undefined) sessions.delete(id);
        void proxy.close();
      },
    });
    try {
      await proxy.start();
    } catch (error) {
      await proxy.close();
      return send(response, 502, jsonRpcError(`cannot start the MCP server: ${describe(error)}`));
    }
    await transport.handleRequest(request as never, response, body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, jsonRpcError(describe(error)));
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/mcp`,
    server,
    close: async () => {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.allSettled([...sessions.values()].map(({ proxy }) => proxy.close("stopped")));
      sessions.clear();
      await closing;
    },
  };
}

const failed = Symbol("failed");

async function readJson(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<unknown | typeof failed> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) {
      send(response, 413, jsonRpcError(`request body over ${MAX_REQUEST_BYTES} bytes`));
      return failed;
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    send(response, 400, {
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "parse error" },
    });
    return failed;
  }
}

function jsonRpcError(message: string) {
  return { jsonrpc: "2.0", id: null, error: { code: -32000, message } };
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
