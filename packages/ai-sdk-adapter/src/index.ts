export { agentIdFromContext } from "./agent-id-from-context.js";
export { capabilityTokenFromContext } from "./capability-token-from-context.js";
export {
  type ConnectorGuardApproval,
  connectorGuardApproval,
  type ToolApprovalDecision,
  type ToolApprovalRequest,
} from "./connector-guard-approval.js";
export {
  type ConnectorDefaults,
  type ConnectorOverride,
  connectorsFromTools,
} from "./connectors-from-tools.js";
export { type AnyToolSet, guardTools } from "./guard-tools.js";
export type {
  AgentIdResolver,
  AgentResolutionDetails,
  CapabilityTokenResolver,
  GuardIdentityConfig,
  GuardToolsConfig,
  OnDenied,
} from "./guard-tools-config.js";
export { hasDeniedToolCall } from "./has-denied-tool-call.js";
export { isToolCallDenial, type ToolCallDenial, toolCallDenial } from "./tool-call-denial.js";
export type { PinnableTool } from "./tool-definition-hash-of.js";
export { toolPin } from "./tool-pin.js";
