export { callThroughGuard, type GuardedToolCall } from "./call-through-guard.js";
export {
  connectorsFromMcpTools,
  type McpConnectorOptions,
  type McpConnectorOverride,
} from "./connectors-from-mcp-tools.js";
export { findExecutable } from "./find-executable.js";
export { guardMcpClient, UNIDENTIFIED_CLIENT_REASON } from "./guard-mcp-client.js";
export type {
  GuardMcpClientConfig,
  McpAgentIdResolver,
  McpCallContext,
  McpCapabilityTokenResolver,
  McpDeniedCallBehaviour,
} from "./guard-mcp-client-config.js";
export { JsonLineTransport, MAX_LINE_BYTES } from "./json-line-transport.js";
export { LiveToolDefinitions, type ReadAllTools } from "./live-tool-definitions.js";
export { type McpIdentity, mayCall } from "./may-call.js";
export { McpProxySession, type McpProxySessionOptions } from "./mcp-proxy-session.js";
export type { McpCallToolResult, McpContentBlock, McpTool, McpToolList } from "./mcp-tool.js";
export { mcpToolDefinitionHash } from "./mcp-tool-definition-hash.js";
export {
  DENIAL_META_KEY,
  denialToolResult,
  type McpToolDenial,
  toolCallDenialOf,
} from "./mcp-tool-denial.js";
export { MCP_PROXY_USAGE, parseMcpProxyArguments } from "./parse-mcp-proxy-arguments.js";
export { readServerConnectors } from "./read-server-connectors.js";
export { CONNECTORS_USAGE, runConnectorsCommand } from "./run-connectors-command.js";
export {
  type McpProxyOptions,
  type RunningMcpProxy,
  runMcpProxy,
  UNIDENTIFIED_PROXY_REASON,
} from "./run-mcp-proxy.js";
export { type McpProxyCliIo, runMcpProxyCommand } from "./run-mcp-proxy-cli.js";
export {
  MAX_REQUEST_BYTES,
  type StreamableHttpProxy,
  type StreamableHttpProxyOptions,
  serveStreamableHttp,
} from "./serve-streamable-http.js";
export { type StdioServerCommand, spawnStdioServer } from "./spawn-stdio-server.js";
