/**
 * `@aumai/connectorguard/adapter-kit`: what every framework adapter (LangChain, the AI SDK,
 * MCP) is built from, so none of them holds policy: one option set and its checks, one
 * identity rule, the tool-definition hash cache. Each adapter only translates a framework's
 * call into an attempt, asks `guard.run`, and translates the verdict back.
 */
export type { AdapterOptions, ContextReader } from "./adapter-kit/adapter-options.js";
export { agentIdValue } from "./adapter-kit/agent-id-value.js";
export {
  type AdapterFramework,
  type ResolvedAdapterOptions,
  resolveAdapterOptions,
} from "./adapter-kit/resolve-adapter-options.js";
export { ToolDefinitionHashCache } from "./adapter-kit/tool-definition-hash-cache.js";
export { describeValue } from "./support/describe-value.js";
export { isPromiseLike } from "./support/is-promise-like.js";
