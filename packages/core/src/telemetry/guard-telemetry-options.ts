import type { OpenTelemetryApi, TelemetryMeter, TelemetryTracer } from "./opentelemetry-api.js";

/**
 * Telemetry of a guard: spans and metrics through OpenTelemetry. Each part defaults to the
 * global one of `@opentelemetry/api` (loaded only when telemetry is on).
 */
export interface GuardTelemetryOptions {
  /** The tracer of the `connectorguard.decision` spans (default: the global tracer provider's). */
  readonly tracer?: TelemetryTracer;
  /** The meter of the decision metrics (default: the global meter provider's). */
  readonly meter?: TelemetryMeter;
  /**
   * The `@opentelemetry/api` module, when the application loaded it itself (the policy file
   * does); it runs the tool inside the decision's span.
   */
  readonly api?: OpenTelemetryApi;
  /** Record spans (default true). */
  readonly traces?: boolean;
  /** Record the counter and the histogram (default true). */
  readonly metrics?: boolean;
}

/** `createGuard`'s `telemetry`: `true` for the global tracer and meter, or what to use. */
export type GuardTelemetry = boolean | GuardTelemetryOptions;
