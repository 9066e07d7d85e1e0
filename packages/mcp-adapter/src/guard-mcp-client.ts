import { InvalidOptionError } from "@aumai/connectorguard";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { callThroughGuard } from "./call-through-guard.js";
import type { GuardMcpClientConfig } from "./guard-mcp-client-config.js";
import { LiveToolDefinitions } from "./live-tool-definitions.js";
import { mayCall } from "./may-call.js";
import type { McpCallToolResult, McpTool } from "./mcp-tool.js";
import { denialToolResult } from "./mcp-tool-denial.js";
import { resolveMcpConfig } from "./resolve-mcp-identity.js";

const guardedBrand = Symbol.for("aumai.connectorguard.mcp.guarded-client");
const listChangedMethod = "notifications/tools/list_changed";

/** The reason an unidentified call is denied with. */
export const UNIDENTIFIED_CLIENT_REASON =
  "pass agentId, resolveAgentId or resolveCapabilityToken to guardMcpClient (or unidentified: 'allow')";

type NotificationHandler = (notification: unknown) => Promise<void>;

/**
 * Puts the guard in front of an MCP client and returns the same client. Its `callTool` asks
 * the guard before the request leaves — registry, pin, permission, rate limit, input schema —
 * and records the outcome; the output check runs on the result's `structuredContent`; a
 * result with `isError: true` is recorded as an error of the tool. A denial comes back as an
 * MCP tool error (`isError: true`, the reason as text) or throws, per `onDenied`. On
 * `notifications/tools/list_changed` the tools are read again, so a changed definition is
 * denied at the `pin` check until its connector's pin is updated; handlers of your own for
 * that notification still run. With `filterTools`, `listTools` shows only what the identity
 * may call.
 *
 * @example
 * const client = new Client({ name: "research-app", version: "1.0.0" });
 * await client.connect(new StdioClientTransport({ command: "mcp-server-filesystem", args: [root] }));
 * const guard = createGuard({
 *   connectors: connectorsFromMcpTools(await client.listTools(), { pin: true }),
 *   agents: { "research-bot": { permissions: [] } },
 * });
 * guardMcpClient(client, { guard, agentId: "research-bot" });
 * await client.callTool({ name: "read_text_file", arguments: { path: `${root}/notes.txt` } });
 */
export function guardMcpClient<McpClient extends Client>(
  client: McpClient,
  config: GuardMcpClientConfig,
): McpClient {
  if (typeof client !== "object" || client === null || typeof client.callTool !== "function") {
    throw new InvalidOptionError(
      "guardMcpClient: give an MCP Client from @modelcontextprotocol/sdk",
    );
  }
  if ((client as unknown as Record<symbol, unknown>)[guardedBrand] === true) {
    throw new InvalidOptionError("guardMcpClient: this client is guarded already");
  }
  const resolved = resolveMcpConfig(config, "guardMcpClient");
  const { guard } = resolved;
  const callTool = client.callTool.bind(client);
  const listTools = client.listTools.bind(client);
  const live = new LiveToolDefinitions(async () => {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTools(cursor === undefined ? undefined : { cursor });
      tools.push(...(page.tools as McpTool[]));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return tools;
  });

  const guardedCallTool = async (
    params: Parameters<Client["callTool"]>[0],
    resultSchema?: Parameters<Client["callTool"]>[1],
    options?: Parameters<Client["callTool"]>[2],
  ) => {
    const toolName = params.name;
    const connectorName = resolved.connectorNameOf(toolName);
    const identity = await resolved.identityOf({ toolName, connectorName });
    const pinned = guard.registry.find(connectorName)?.schema.pin !== undefined;
    const hash = pinned ? await live.hashOf(toolName) : live.knownHashOf(toolName);
    const unidentified =
      resolved.denyUnidentified &&
      identity.agentId === undefined &&
      identity.capabilityToken === undefined;
    const outcome = await callThroughGuard(
      guard,
      {
        connectorName,
        sourceAgent: identity.agentId,
        inputData: params.arguments ?? {},
        ...(identity.capabilityToken === undefined
          ? {}
          : { capabilityToken: identity.capabilityToken }),
        ...(hash === undefined ? {} : { toolDefinitionHash: hash }),
      },
      (validated) =>
        callTool(
          { ...params, arguments: validated as Record<string, unknown> },
          resultSchema,
          options,
        ) as Promise<McpCallToolResult>,
      unidentified ? UNIDENTIFIED_CLIENT_REASON : undefined,
    );
    if (outcome.outcome === "ran") return outcome.result;
    if (resolved.onDenied === "throw") throw outcome.error;
    return denialToolResult(outcome.denial);
  };

  const guardedListTools = async (
    params?: Parameters<Client["listTools"]>[0],
    options?: Parameters<Client["listTools"]>[1],
  ) => {
    const page = await listTools(params, options);
    live.record(page.tools as McpTool[]);
    if (!resolved.filterTools) return page;
    const visible: typeof page.tools = [];
    for (const tool of page.tools) {
      const connectorName = resolved.connectorNameOf(tool.name);
      const identity = await resolved.identityOf({ toolName: tool.name, connectorName });
      if (await mayCall(guard, identity, connectorName)) visible.push(tool);
    }
    return { ...page, tools: visible };
  };

  watchToolListChanges(client, () => live.invalidate());
  Object.defineProperty(client, guardedBrand, { value: true });
  client.callTool = guardedCallTool as McpClient["callTool"];
  client.listTools = guardedListTools as McpClient["listTools"];
  return client;
}

/**
 * Runs `onChange` on every `notifications/tools/list_changed`, alongside any handler the
 * application registered for it, before or after this call (the SDK keeps one handler per
 * method, and its `listChanged` option registers one when it connects).
 */
function watchToolListChanges(client: Client, onChange: () => Promise<void>): void {
  const handlers = (
    client as unknown as { _notificationHandlers?: Map<string, NotificationHandler> }
  )._notificationHandlers;
  const register = client.setNotificationHandler.bind(client);
  let installed: NotificationHandler | undefined;
  const install = (own: NotificationHandler | undefined) => {
    register(ToolListChangedNotificationSchema, () => onChange());
    installed = handlers?.get(listChangedMethod);
    if (own === undefined || handlers === undefined || installed === undefined) return;
    const ours = installed;
    installed = async (notification) => {
      await ours(notification);
      await own(notification);
    };
    handlers.set(listChangedMethod, installed);
  };
  install(handlers?.get(listChangedMethod));
  client.setNotificationHandler = ((schema, handler) => {
    register(schema, handler);
    const current = handlers?.get(listChangedMethod);
    if (current !== installed) install(current);
  }) as Client["setNotificationHandler"];
}
