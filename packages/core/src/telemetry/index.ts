export {
  createDecisionTelemetry,
  DecisionScope,
  DecisionTelemetry,
  TELEMETRY_SCOPE,
  type TelemetryRunOutcome,
} from "./decision-telemetry.js";
export type { GuardTelemetry, GuardTelemetryOptions } from "./guard-telemetry-options.js";
export { loadOpenTelemetryApi } from "./load-opentelemetry-api.js";
export type {
  OpenTelemetryApi,
  TelemetryAttributes,
  TelemetryAttributeValue,
  TelemetryCounter,
  TelemetryHistogram,
  TelemetryMeter,
  TelemetrySpan,
  TelemetryTracer,
} from "./opentelemetry-api.js";
export type { ToolCallContext } from "./tool-call-context.js";
