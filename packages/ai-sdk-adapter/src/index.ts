export { agentIdFromContext } from "./agent-id-from-context.js";
export {
  type ConnectorGuardApproval,
  connectorGuardApproval,
  type ToolApprovalDecision,
  type ToolApprovalRequest,
} from "./connector-guard-approval.js";
export { type AnyToolSet, guardTools } from "./guard-tools.js";
export type {
  AgentIdResolver,
  AgentResolutionDetails,
  GuardIdentityConfig,
  GuardToolsConfig,
  OnDenied,
} from "./guard-tools-config.js";
export { hasDeniedToolCall } from "./has-denied-tool-call.js";
export { isToolCallDenial, type ToolCallDenial, toolCallDenial } from "./tool-call-denial.js";
