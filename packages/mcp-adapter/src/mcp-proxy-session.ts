import { randomUUID } from "node:crypto";
import type { Guard } from "@aumai/connectorguard";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  ErrorCode,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type MessageExtraInfo,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { callThroughGuard } from "./call-through-guard.js";
import { isErrorResponse, isNotification, isRequest, isResultResponse } from "./json-rpc-shape.js";
import { LiveToolDefinitions } from "./live-tool-definitions.js";
import { type McpIdentity, mayCall } from "./may-call.js";
import type { McpCallToolResult, McpTool } from "./mcp-tool.js";
import { denialToolResult } from "./mcp-tool-denial.js";

/** Options of {@link McpProxySession}. */
export interface McpProxySessionOptions {
  /** The side facing the MCP client (a server transport: stdio, Streamable HTTP). */
  readonly upstream: Transport;
  /** The side facing the MCP server (a client transport, e.g. a spawned stdio server). */
  readonly downstream: Transport;
  readonly guard: Guard;
  /** Who sent a message: from the HTTP request's verified bearer token, or fixed. */
  readonly identityOf: (extra: MessageExtraInfo | undefined) => McpIdentity;
  /** Hide the tools the identity may not call from `tools/list`. Default false. */
  readonly filterTools?: boolean;
  /** The reason a call without identity is denied with; `undefined` lets it be decided. */
  readonly unidentifiedReason?: string;
  /** Told once when either side has closed and the session is over. */
  readonly onClose?: (why: string) => void;
  /** Told about transport errors (unparseable lines…); they never end the session. */
  readonly onError?: (error: Error, side: "upstream" | "downstream") => void;
}

/** A request of the client the server has not answered yet. */
interface Pending {
  readonly request: JSONRPCRequest;
  /** Set for the requests the proxy answers itself (tools/call, tools/list). */
  readonly settle?: (message: JSONRPCMessage) => void;
}

/** A `tools/call` answered by a JSON-RPC error; recorded as an error of the call. */
class ErrorResponse extends Error {
  constructor(readonly response: JSONRPCMessage) {
    const error = (response as { error?: { message?: unknown } }).error;
    super(typeof error?.message === "string" ? error.message : "JSON-RPC error");
    this.name = "McpError";
  }
}

/**
 * One client connection relayed to one server connection, message by message. Everything
 * passes through unchanged — initialize, resources, prompts, completions, logging, progress,
 * cancellation, pings, and the server's own requests (sampling, elicitation, roots) — except
 * `tools/call`, which the guard decides and audits before it is forwarded (a denial is
 * answered by the proxy as an MCP tool error), and `tools/list`, whose tools are recorded
 * (for the pin check) and optionally filtered. `notifications/tools/list_changed` makes the
 * proxy re-read the tools. When the server goes away, every request still waiting gets a
 * JSON-RPC error and so does every later one.
 *
 * @example
 * const session = new McpProxySession({
 *   upstream: new StdioServerTransport(),
 *   downstream: new StdioClientTransport({ command: "mcp-server-filesystem", args: [root] }),
 *   guard,
 *   identityOf: () => ({ agentId: "desktop-user" }),
 * });
 * await session.start();
 */
export class McpProxySession {
  private readonly options: McpProxySessionOptions;
  private readonly pending = new Map<RequestId, Pending>();
  private readonly internal = new Map<RequestId, (message: JSONRPCMessage) => void>();
  private readonly internalPrefix = `connectorguard-${randomUUID()}-`;
  private internalCount = 0;
  private readonly live: LiveToolDefinitions;
  private downstreamGone: string | undefined;
  private closed = false;

  constructor(options: McpProxySessionOptions) {
    this.options = options;
    this.live = new LiveToolDefinitions(
      () => this.readAllTools(),
      (error) =>
        options.onError?.(
          new Error(
            `cannot read the server's tools (pinned tools are denied until it answers): ${error instanceof Error ? error.message : String(error)}`,
          ),
          "downstream",
        ),
    );
  }

  /** Starts the server side first, so nothing the client sends can arrive before it. */
  async start(): Promise<void> {
    const { upstream, downstream } = this.options;
    downstream.onmessage = (message) => this.fromServer(message);
    downstream.onerror = (error) => this.options.onError?.(error, "downstream");
    downstream.onclose = () => this.serverGone("the MCP server behind the proxy has exited");
    upstream.onmessage = (message, extra) => this.fromClient(message, extra);
    upstream.onerror = (error) => this.options.onError?.(error, "upstream");
    upstream.onclose = () => {
      void this.close("the client disconnected");
    };
    await downstream.start();
    await upstream.start();
  }

  /** Closes both sides (the server's process is stopped) and flushes nothing itself. */
  async close(why = "closed"): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.downstreamGone ??= why;
    await Promise.allSettled([this.options.downstream.close(), this.options.upstream.close()]);
    this.options.onClose?.(why);
  }

  private fromClient(message: JSONRPCMessage, extra: MessageExtraInfo | undefined): void {
    if (isRequest(message)) {
      if (this.downstreamGone !== undefined) {
        this.answer(errorResponse(message.id, this.downstreamGone));
        return;
      }
      if (message.method === "tools/call") {
        void this.guardedCall(message, extra);
        return;
      }
      if (message.method === "tools/list") {
        this.pending.set(message.id, {
          request: message,
          settle: (response) => void this.listed(response, extra),
        });
      } else {
        this.pending.set(message.id, { request: message });
      }
    } else if (isNotification(message) && message.method === "notifications/cancelled") {
      const requestId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      const cancelled = requestId === undefined ? undefined : this.pending.get(requestId);
      if (requestId !== undefined && cancelled !== undefined) {
        this.pending.delete(requestId);
        cancelled.settle?.(errorResponse(requestId, "cancelled by the client", true));
      }
    }
    this.toServer(message);
  }

  private fromServer(message: JSONRPCMessage): void {
    if (isResultResponse(message) || isErrorResponse(message)) {
      const id = message.id;
      if (id === undefined) {
        this.answer(message);
        return;
      }
      const internal = this.internal.get(id);
      if (internal !== undefined) {
        this.internal.delete(id);
        internal(message);
        return;
      }
      const pending = this.pending.get(id);
      this.pending.delete(id);
      if (pending?.settle !== undefined) {
        pending.settle(message);
        return;
      }
    } else if (isNotification(message) && message.method === "notifications/tools/list_changed") {
      void this.live.invalidate();
    }
    this.answer(message);
  }

  /** Decides a `tools/call`; forwards it only when allowed. */
  private async guardedCall(request: JSONRPCRequest, extra: MessageExtraInfo | undefined) {
    const params = (request.params ?? {}) as { name?: unknown; arguments?: unknown };
    const toolName = typeof params.name === "string" ? params.name : "";
    const identity = this.options.identityOf(extra);
    const unidentified =
      identity.agentId === undefined && identity.capabilityToken === undefined
        ? this.options.unidentifiedReason
        : undefined;
    try {
      const pinned = this.options.guard.registry.find(toolName)?.schema.pin !== undefined;
      const hash = pinned ? await this.live.hashOf(toolName) : this.live.knownHashOf(toolName);
      let response: JSONRPCMessage | undefined;
      const outcome = await callThroughGuard(
        this.options.guard,
        {
          connectorName: toolName,
          sourceAgent: identity.agentId,
          inputData: params.arguments ?? {},
          ...(identity.capabilityToken === undefined
            ? {}
            : { capabilityToken: identity.capabilityToken }),
          ...(hash === undefined ? {} : { toolDefinitionHash: hash }),
        },
        async (validated) => {
          // The server gets the arguments exactly as the guard validated them.
          const params = { ...(request.params ?? {}), arguments: validated };
          response = await this.forwardAndWait({ ...request, params });
          if (!isResultResponse(response)) throw new ErrorResponse(response);
          const result = response.result as McpCallToolResult;
          if (typeof result !== "object" || result === null || Array.isArray(result)) {
            response = errorResponse(
              request.id,
              "the MCP server sent an invalid tools/call result",
            );
            throw new ErrorResponse(response);
          }
          return result;
        },
        unidentified,
      );
      if (outcome.outcome === "ran") {
        this.answer(response as JSONRPCMessage);
      } else {
        this.answer({ jsonrpc: "2.0", id: request.id, result: denialToolResult(outcome.denial) });
      }
    } catch (error) {
      if (error instanceof ErrorResponse) {
        if (!isCancellation(error.response)) this.answer(error.response);
        return;
      }
      this.answer(
        errorResponse(request.id, `the proxy could not decide the call: ${describe(error)}`),
      );
    }
  }

  private forwardAndWait(request: JSONRPCRequest): Promise<JSONRPCMessage> {
    return new Promise((resolve) => {
      if (this.downstreamGone !== undefined) {
        resolve(errorResponse(request.id, this.downstreamGone));
        return;
      }
      this.pending.set(request.id, { request, settle: resolve });
      this.toServer(request);
    });
  }

  private async listed(response: JSONRPCMessage, extra: MessageExtraInfo | undefined) {
    if (!isResultResponse(response)) return this.answer(response);
    const result = response.result as { tools?: unknown };
    if (!Array.isArray(result.tools)) return this.answer(response);
    const tools = result.tools as McpTool[];
    this.live.record(tools);
    if (this.options.filterTools !== true) return this.answer(response);
    const identity = this.options.identityOf(extra);
    const visible: McpTool[] = [];
    for (const tool of tools) {
      if (await mayCall(this.options.guard, identity, tool.name)) visible.push(tool);
    }
    this.answer({ ...response, result: { ...result, tools: visible } });
  }

  /** Every page of the server's tools, read by the proxy itself (never shown to the client). */
  private async readAllTools(): Promise<McpTool[]> {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const id = `${this.internalPrefix}${++this.internalCount}`;
      const response = await new Promise<JSONRPCMessage>((resolve) => {
        if (this.downstreamGone !== undefined) {
          resolve(errorResponse(id, this.downstreamGone));
          return;
        }
        this.internal.set(id, resolve);
        this.toServer({
          jsonrpc: "2.0",
          id,
          method: "tools/list",
          params: cursor === undefined ? {} : { cursor },
        });
      });
      if (!isResultResponse(response)) throw new ErrorResponse(response);
      const page = response.result as { tools?: unknown; nextCursor?: unknown };
      if (Array.isArray(page.tools)) tools.push(...(page.tools as McpTool[]));
      cursor = typeof page.nextCursor === "string" ? page.nextCursor : undefined;
    } while (cursor !== undefined);
    return tools;
  }

  private serverGone(why: string): void {
    if (this.downstreamGone === undefined) this.downstreamGone = why;
    for (const [id, settle] of this.internal) settle(errorResponse(id, this.downstreamGone));
    this.internal.clear();
    const waiting = [...this.pending.entries()];
    this.pending.clear();
    for (const [id, pending] of waiting) {
      const failure = errorResponse(id, this.downstreamGone);
      if (pending.settle !== undefined) pending.settle(failure);
      else this.answer(failure);
    }
    if (!this.closed) this.options.onClose?.(why);
  }

  private toServer(message: JSONRPCMessage): void {
    this.options.downstream.send(message).catch((error: unknown) => {
      if (isRequest(message)) {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        const failure = errorResponse(
          message.id,
          `cannot reach the MCP server: ${describe(error)}`,
        );
        if (pending?.settle !== undefined) pending.settle(failure);
        else this.answer(failure);
      }
    });
  }

  private answer(message: JSONRPCMessage): void {
    if (this.closed) return;
    const relatedRequestId = relatedRequestOf(message, this.pending);
    this.options.upstream
      .send(message, relatedRequestId === undefined ? undefined : { relatedRequestId })
      .catch((error: unknown) => this.options.onError?.(asError(error), "upstream"));
  }
}

const cancellationMarker = "connectorguard/cancelled";

function errorResponse(id: RequestId, message: string, cancelled = false): JSONRPCMessage {
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: ErrorCode.InternalError,
      message,
      ...(cancelled ? { data: { [cancellationMarker]: true } } : {}),
    },
  };
}

function isCancellation(message: JSONRPCMessage): boolean {
  const data = (message as { error?: { data?: Record<string, unknown> } }).error?.data;
  return data?.[cancellationMarker] === true;
}

/**
 * The client request a server message belongs to, for transports that route by it
 * (Streamable HTTP sends it on that request's stream): a response's own id, or the request
 * whose progress token a progress notification names.
 */
function relatedRequestOf(
  message: JSONRPCMessage,
  pending: ReadonlyMap<RequestId, Pending>,
): RequestId | undefined {
  if (isNotification(message) && message.method === "notifications/progress") {
    const token = (message.params as { progressToken?: unknown } | undefined)?.progressToken;
    for (const [id, { request }] of pending) {
      const meta = (request.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta;
      if (meta?.progressToken === token) return id;
    }
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
