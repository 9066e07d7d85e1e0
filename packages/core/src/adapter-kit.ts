/**
 * `@aumai/connectorguard/adapter-kit`: what every framework adapter (LangChain, the AI SDK,
 * MCP) is built from, so none of them holds policy: one option set and its checks, one
 * identity rule, the tool-definition hash cache. Each adapter only translates a framework's
 * call into an attempt, asks `guard.run`, and translates the verdict back.
 */
export type { AdapterOptions, ContextReader } from "./adapter-kit/adapter-options.js";
export { agentIdValue } from "./adapter-kit/agent-id-value.js";
export {
  type ConnectorDefaults,
  type ConnectorOverride,
  type DerivableTool,
  deriveConnectors,
} from "./adapter-kit/derive-connectors.js";
export {
  type AdapterFramework,
  type ResolvedAdapterOptions,
  resolveAdapterOptions,
} from "./adapter-kit/resolve-adapter-options.js";
export { ToolDefinitionHashCache } from "./adapter-kit/tool-definition-hash-cache.js";
export { verdictError } from "./adapter-kit/verdict-error.js";
// Building blocks an adapter needs to translate faithfully (a tool's canonical definition, an
// audited attempt, a permission listing); none of them decides anything.
export { PermissionSet } from "./permissions/permission-set.js";
export { canonicalJson } from "./support/canonical-json.js";
export { describeValue } from "./support/describe-value.js";
export { isPromiseLike } from "./support/is-promise-like.js";
export { toJsonValue } from "./support/to-json-value.js";
export { createConnectionAttempt } from "./values/connection-attempt.js";
