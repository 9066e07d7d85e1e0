export { agentIdFromRun } from "./agent-id-from-run.js";
export { capabilityTokenFromRun } from "./capability-token-from-run.js";
export { connectorGuardMiddleware } from "./connector-guard-middleware.js";
export {
  type ConnectorDefaults,
  type ConnectorOverride,
  connectorsFromTools,
} from "./connectors-from-tools.js";
export { type GuardableTool, type GuardedTools, guardTools } from "./guard-tools.js";
export { isGuardedTool } from "./is-guarded-tool.js";
export type {
  DeniedCallBehaviour,
  LangChainGuardOptions,
  RunContext,
} from "./langchain-guard-options.js";
export { toolInputSchema } from "./tool-input-schema.js";
export { type PinnableTool, toolPin } from "./tool-pin.js";
