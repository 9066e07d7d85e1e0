import { version } from "../../package.json";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { ConnectionAttempt } from "../values/connection-attempt.js";
import type { ConnectionResult } from "../values/connection-result.js";
import type { GuardMode } from "../values/guard-mode.js";
import type { GuardTelemetry } from "./guard-telemetry-options.js";
import { loadOpenTelemetryApi } from "./load-opentelemetry-api.js";
import type {
  OpenTelemetryApi,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetryTracer,
} from "./opentelemetry-api.js";
import type { ToolCallContext } from "./tool-call-context.js";

/** The instrumentation scope's name: the package. */
export const TELEMETRY_SCOPE = "@aumai/connectorguard";

/** How a call the guard ran ended, on its span as `connectorguard.outcome`. */
export type TelemetryRunOutcome = "ok" | "error" | "withheld";

// Decisions take microseconds: the default buckets (0, 5, 10… seconds) would put them all in one.
const durationBuckets = [
  0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];
const spanOptions = Object.freeze({ kind: 0 }); // SpanKind.INTERNAL
const sampledFlag = 1;
const statusError = 2;
const maxCachedAttributeSets = 4_096;
// How often a guard on the global tracer looks again for an SDK while none is registered.
const probeIntervalMs = 1_000;

/**
 * One decision's telemetry, from `DecisionTelemetry.begin` to `end` or `finish`: its span
 * (when traces are on) and, once decided, its measurements.
 */
export class DecisionScope {
  private readonly telemetry: DecisionTelemetry;
  private readonly span: TelemetrySpan | undefined;

  constructor(telemetry: DecisionTelemetry, span: TelemetrySpan | undefined) {
    this.telemetry = telemetry;
    this.span = span;
  }

  /** Records the decision: the span's attributes, the counter and the duration. */
  decided(attempt: ConnectionAttempt, result: ConnectionResult, call?: ToolCallContext): void {
    this.telemetry.record(this.span, attempt, result, call);
  }

  /** Runs the tool inside the span's context, so the tool's own spans nest under it. */
  run<Result>(run: () => Result): Result {
    return this.telemetry.runInside(this.span, run);
  }

  /** Ends the span of a call the guard ran, with how it ended. */
  finish(outcome: TelemetryRunOutcome, error?: unknown): void {
    const span = this.span;
    if (span === undefined) return;
    if (span.isRecording()) {
      span.setAttribute("connectorguard.outcome", outcome);
      if (outcome !== "ok") {
        if (error instanceof Error) span.recordException(error);
        span.setStatus({
          code: statusError,
          message: error instanceof Error ? error.message : outcome,
        });
      }
    }
    span.end();
  }

  /** Ends the span of a decision whose call the guard did not run (denied, or only checked). */
  end(): void {
    this.span?.end();
  }
}

/**
 * The guard's OpenTelemetry instrumentation: the interceptor asks it for a scope when a
 * decision starts, tells the scope the decision, runs the tool through it, and ends it. One
 * span per decision, `connectorguard.decision`, a child of whatever span is active (the AI
 * SDK's or LangChain's tool span), with `connectorguard.connector`, `.agent`, `.allowed`,
 * `.mode`, `.check` and `.reason` (denied or would-deny), `gen_ai.tool.name` and
 * `gen_ai.tool.call.id` when the adapter knows them, and `connectorguard.outcome` (ok, error,
 * withheld) when the guard ran the call. Metrics: the counter `connectorguard.decisions` and
 * the histogram `connectorguard.decision.duration` (seconds), both by connector, allowed,
 * check and mode.
 *
 * @example
 * const telemetry = createDecisionTelemetry(true, (name) => "enforce");
 * const scope = telemetry?.begin();
 * scope?.decided(attempt, result);
 * scope?.end();
 */
export class DecisionTelemetry {
  private readonly tracer: TelemetryTracer | undefined;
  private readonly decisions: TelemetryCounter | undefined;
  private readonly duration: TelemetryHistogram | undefined;
  private readonly api: OpenTelemetryApi | undefined;
  private readonly modeOf: (connectorName: string) => GuardMode;
  private readonly attributeSets = new Map<string, TelemetryAttributes>();
  /** Whether an SDK's tracer is behind the global one, when the tracer is the global one. */
  private readonly globalTracingLive: (() => boolean) | undefined;
  private tracingLive = false;
  private nextProbe = 0;
  private readonly untraced: DecisionScope;

  constructor(
    parts: {
      readonly tracer?: TelemetryTracer;
      readonly counter?: TelemetryCounter;
      readonly histogram?: TelemetryHistogram;
      readonly api?: OpenTelemetryApi;
      /** For the global tracer: whether an SDK is registered behind it. */
      readonly globalTracingLive?: () => boolean;
    },
    modeOf: (connectorName: string) => GuardMode,
  ) {
    this.tracer = parts.tracer;
    this.decisions = parts.counter;
    this.duration = parts.histogram;
    this.api = parts.api;
    this.modeOf = modeOf;
    this.globalTracingLive = parts.globalTracingLive;
    this.untraced = new DecisionScope(this, undefined);
  }

  /** Starts a decision: its span begins now, as a child of the active span. */
  begin(): DecisionScope {
    const tracer = this.tracer;
    if (tracer === undefined || !this.tracing()) return this.untraced;
    return new DecisionScope(this, tracer.startSpan("connectorguard.decision", spanOptions));
  }

  /**
   * False while the global tracer has no SDK behind it: its spans would record nothing, and
   * starting one costs more than the rest of the decision's telemetry. Looked at again at most
   * once a second until an SDK appears, then never again.
   */
  private tracing(): boolean {
    const live = this.globalTracingLive;
    if (live === undefined || this.tracingLive) return true;
    const now = Date.now();
    if (now < this.nextProbe) return false;
    this.nextProbe = now + probeIntervalMs;
    this.tracingLive = live();
    return this.tracingLive;
  }

  /** @internal Used by {@link DecisionScope.decided}. */
  record(
    span: TelemetrySpan | undefined,
    attempt: ConnectionAttempt,
    result: ConnectionResult,
    call: ToolCallContext | undefined,
  ): void {
    const recording = span?.isRecording() === true;
    if (this.decisions === undefined && !recording) return;
    const connector = attempt.connectorName;
    const check = result.allowed ? result.wouldDeny?.check : result.check;
    const mode = result.wouldDeny === undefined ? this.modeOf(connector) : "shadow";
    if (this.decisions !== undefined) {
      const attributes = this.measurementAttributes(connector, result.allowed, check, mode);
      this.decisions.add(1, attributes);
      this.duration?.record(result.latencyMs / 1000, attributes);
    }
    if (span === undefined || !recording) return;
    span.setAttributes({
      "connectorguard.connector": connector,
      "connectorguard.agent": attempt.sourceAgent,
      "connectorguard.allowed": result.allowed,
      "connectorguard.mode": mode,
    });
    if (check !== undefined) {
      span.setAttribute("connectorguard.check", check);
      span.setAttribute("connectorguard.reason", result.wouldDeny?.reason ?? result.reason);
    }
    if (call?.toolName !== undefined) span.setAttribute("gen_ai.tool.name", call.toolName);
    if (call?.toolCallId !== undefined && call.toolCallId !== "") {
      span.setAttribute("gen_ai.tool.call.id", call.toolCallId);
    }
  }

  /** @internal Used by {@link DecisionScope.run}. */
  runInside<Result>(span: TelemetrySpan | undefined, run: () => Result): Result {
    const api = this.api;
    if (span === undefined || api === undefined) return run();
    // A span nothing records and nothing samples (the API's no-op span, with no SDK) gives the
    // tool's spans nothing to nest under: skip the context switch, which would cost more than
    // the rest of the telemetry.
    if (!span.isRecording() && (span.spanContext().traceFlags & sampledFlag) === 0) return run();
    return api.context.with(
      api.trace.setSpan(api.context.active() as never, span as never) as never,
      run,
    );
  }

  /**
   * The measurements' attributes, one frozen object per combination: decisions repeat the
   * same few, and building a fresh object per call would cost more than the rest.
   */
  private measurementAttributes(
    connector: string,
    allowed: boolean,
    check: string | undefined,
    mode: GuardMode,
  ): TelemetryAttributes {
    const key = `${mode}|${allowed ? 1 : 0}|${check ?? ""}|${connector}`;
    let attributes = this.attributeSets.get(key);
    if (attributes === undefined) {
      attributes = Object.freeze({
        "connectorguard.connector": connector,
        "connectorguard.allowed": allowed,
        "connectorguard.mode": mode,
        ...(check === undefined ? {} : { "connectorguard.check": check }),
      });
      if (this.attributeSets.size < maxCachedAttributeSets) this.attributeSets.set(key, attributes);
    }
    return attributes;
  }
}

/**
 * The telemetry `createGuard` wires into its interceptor, or undefined when `telemetry` is
 * off (absent or `false`): then `@opentelemetry/api` is never loaded. `true` uses the global
 * tracer and meter providers (whatever SDK the application registered, before or after).
 * `modeOf` tells the mode a connector decides in.
 *
 * @example
 * const telemetry = createDecisionTelemetry({ tracer: provider.getTracer("app") }, () => "enforce");
 */
export function createDecisionTelemetry(
  telemetry: GuardTelemetry | undefined,
  modeOf: (connectorName: string) => GuardMode,
): DecisionTelemetry | undefined {
  if (telemetry === undefined || telemetry === false) return undefined;
  if (telemetry !== true && (typeof telemetry !== "object" || telemetry === null)) {
    throw new InvalidOptionError(
      `telemetry must be true, false or { tracer?, meter?, api?, traces?, metrics? } (got ${typeof telemetry})`,
    );
  }
  const options = telemetry === true ? {} : telemetry;
  const traces = options.traces ?? true;
  const metrics = options.metrics ?? true;
  if (typeof traces !== "boolean" || typeof metrics !== "boolean") {
    throw new InvalidOptionError("telemetry.traces and telemetry.metrics must be true or false");
  }
  const needsApi =
    (traces && options.tracer === undefined) || (metrics && options.meter === undefined);
  // With its own tracer and meter, a guard still uses the API to run tools inside its spans,
  // when the API is there.
  const api = options.api ?? (needsApi ? loadOpenTelemetryApi() : tryLoadOpenTelemetryApi());
  const tracer = traces
    ? (options.tracer ?? api?.trace.getTracer(TELEMETRY_SCOPE, version))
    : undefined;
  let meter = metrics
    ? (options.meter ?? api?.metrics.getMeter(TELEMETRY_SCOPE, version))
    : undefined;
  // The API has no proxy meter: a no-op meter now stays one, so measure nothing at all.
  if (options.meter === undefined && meter !== undefined && meter === api?.createNoopMeter?.()) {
    meter = undefined;
  }
  const provider = options.tracer === undefined ? api?.trace.getTracerProvider() : undefined;
  const getDelegateTracer = provider?.getDelegateTracer;
  return new DecisionTelemetry(
    {
      tracer,
      api,
      // The API's proxy provider answers undefined until an SDK registers its provider.
      globalTracingLive:
        tracer === undefined || typeof getDelegateTracer !== "function"
          ? undefined
          : () => getDelegateTracer.call(provider, TELEMETRY_SCOPE) !== undefined,
      counter: meter?.createCounter("connectorguard.decisions", {
        description: "Decisions of the guard, by connector, allowed, check and mode.",
        unit: "{decision}",
      }),
      histogram: meter?.createHistogram("connectorguard.decision.duration", {
        description: "How long the guard took to decide a call.",
        unit: "s",
        advice: { explicitBucketBoundaries: durationBuckets },
      }),
    },
    modeOf,
  );
}

function tryLoadOpenTelemetryApi(): OpenTelemetryApi | undefined {
  try {
    return loadOpenTelemetryApi();
  } catch {
    return undefined;
  }
}
