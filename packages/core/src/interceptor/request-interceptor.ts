import type { AuditEntry, CallOutcome } from "../audit/audit-entry.js";
import { AuditLog } from "../audit/audit-log.js";
import type { AuditSink } from "../audit/audit-sink.js";
import { InterceptorError } from "../errors/interceptor-error.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { OutputValidationError } from "../errors/output-validation-error.js";
import {
  buildConnectionAttempt,
  type ConnectionAttempt,
  type ConnectionAttemptInit,
  createConnectionAttempt,
} from "../guard/connection-attempt.js";
import type { ConnectionResult } from "../guard/connection-result.js";
import type { ConnectionValidator } from "../guard/connection-validator.js";
import { isPromiseLike } from "../guard/is-promise-like.js";
import { wallClockDate } from "../guard/wall-clock.js";
import { AuditRedactor, type RedactionOptions } from "../redaction/audit-redactor.js";
import {
  isPlainRecord,
  OUTPUT_CHECK_MODES,
  type OutputCheckMode,
} from "../schema/connector-schema.js";
import type { DecisionTelemetry } from "../telemetry/decision-telemetry.js";
import type { ToolCallContext } from "../telemetry/tool-call-context.js";
import { describeError } from "./describe-error.js";
import { checkOutput } from "./output-check.js";

/** Called when an audit sink fails to store an entry. The default writes to stderr. */
export type AuditErrorHandler = (error: unknown, entry: AuditEntry) => void;

/**
 * Told about every decision, allowed, denied or shadow-denied, as it is made (before the tool
 * runs). `attempt` is the attempt as audited: the verified agent, no token, secrets redacted.
 */
export type DecisionHandler = (result: ConnectionResult, attempt: ConnectionAttempt) => void;

/** Options of {@link RequestInterceptor}. */
export interface RequestInterceptorOptions {
  /** Told about every entry a sink failed to store; defaults to a loud line on stderr. */
  readonly onAuditError?: AuditErrorHandler;
  /** Told about every decision; a throwing handler is reported on stderr, never fatal. */
  readonly onDecision?: DecisionHandler;
  /**
   * How audit entries are cleaned before any sink sees them (secret keys, paths, size). On by
   * default; `false` records inputs exactly as given.
   */
  readonly redaction?: RedactionOptions | AuditRedactor | false;
  /** What to do with results that break their connector's `outputSchema` (default `"audit"`). */
  readonly outputCheck?: OutputCheckMode;
  /** Spans and metrics of each decision (see `createDecisionTelemetry`); none by default. */
  readonly telemetry?: DecisionTelemetry;
}

/** Who calls which connector, for {@link RequestInterceptor.wrap}. */
export interface WrapTarget {
  readonly connectorName: string;
  readonly sourceAgent?: string;
}

/**
 * Puts the guard in front of functions: every call is validated, recorded in the audit sink
 * (secrets redacted), and run only when allowed; a denied call throws `InterceptorError`
 * without running. A result is checked against the connector's `outputSchema` per
 * `outputCheck`.
 *
 * @example
 * const interceptor = new RequestInterceptor(new ConnectionValidator(registry), new AuditLog());
 * const add = interceptor.wrap({ connectorName: "calculator", sourceAgent: "agent-1" })(
 *   ({ x, y }: { x: number; y: number }) => x + y,
 * );
 * await add({ x: 3, y: 4 }); // 7 — validated, run, recorded
 * interceptor.auditLog.size; // 1
 */
export class RequestInterceptor<Sink extends AuditSink = AuditLog> {
  readonly validator: ConnectionValidator;
  readonly auditLog: Sink;
  /** The redactor every entry passes through, or undefined when redaction is off. */
  readonly redactor: AuditRedactor | undefined;
  readonly outputCheck: OutputCheckMode;
  private readonly onAuditError: AuditErrorHandler;
  private readonly onDecision: DecisionHandler | undefined;
  private readonly telemetry: DecisionTelemetry | undefined;

  constructor(
    validator: ConnectionValidator,
    auditLog?: Sink,
    options: RequestInterceptorOptions = {},
  ) {
    this.validator = validator;
    this.auditLog = auditLog ?? (new AuditLog() as AuditSink as Sink);
    this.onAuditError = options.onAuditError ?? reportAuditFailure;
    this.onDecision = options.onDecision;
    this.telemetry = options.telemetry;
    if (this.onDecision !== undefined && typeof this.onDecision !== "function") {
      throw new InvalidOptionError("onDecision must be a function (result, attempt) => void");
    }
    const redaction = options.redaction;
    this.redactor =
      redaction === false
        ? undefined
        : redaction instanceof AuditRedactor
          ? redaction
          : new AuditRedactor(redaction);
    this.outputCheck = options.outputCheck ?? "audit";
    if (!OUTPUT_CHECK_MODES.includes(this.outputCheck)) {
      throw new InvalidOptionError(
        `outputCheck must be "off", "audit" or "enforce" (got ${JSON.stringify(options.outputCheck)})`,
      );
    }
  }

  /**
   * Returns `fn` guarded: its arguments become the attempt's input — a single plain object
   * as it is, anything else as `{ arg_0, arg_1, … }` — and a denied call throws
   * `InterceptorError` instead of running.
   */
  wrap(target: WrapTarget) {
    return <Args extends unknown[], Result>(
      fn: (...args: Args) => Result,
    ): ((...args: Args) => Promise<Awaited<Result>>) => {
      const guarded = (...args: Args): Promise<Awaited<Result>> =>
        this.execute(
          {
            connectorName: target.connectorName,
            sourceAgent: target.sourceAgent,
            inputData: captureArguments(args),
          },
          () => fn(...args),
        );
      Object.defineProperty(guarded, "name", { value: fn.name });
      return guarded;
    };
  }

  /** Decides an attempt and records the decision, without running anything. */
  async intercept(given: ConnectionAttemptInit, call?: ToolCallContext): Promise<ConnectionResult> {
    const startedAt = performance.now();
    const telemetry = this.telemetry?.begin();
    const init = readOnce(given);
    const decided = this.auditRefusal(startedAt) ?? this.validator.decideAt(init, startedAt);
    const result = isPromiseLike(decided) ? await decided : decided;
    const decidedAt = wallClockDate(startedAt);
    const attempt = this.audited(init, result, decidedAt);
    telemetry?.decided(attempt, result, call);
    const recorded = this.record({ connectionAttempt: attempt, result, timestamp: decidedAt });
    if (recorded !== undefined) await recorded;
    telemetry?.end();
    return result;
  }

  /**
   * Decides an attempt; when allowed (or shadow-denied), runs `run` and records the decision
   * with the call's outcome (ok or error, its duration, any output violation); when denied,
   * records it and throws `InterceptorError`. Errors of `run` reach the caller unchanged; a
   * result withheld by `outputCheck: "enforce"` becomes an `OutputValidationError`.
   */
  async execute<Result>(
    given: ConnectionAttemptInit,
    run: () => Result,
    call?: ToolCallContext,
  ): Promise<Awaited<Result>> {
    // One clock reading starts the decision and dates both the attempt and its entry; the
    // decision's end starts the run; one more reading ends it.
    const startedAt = performance.now();
    const telemetry = this.telemetry?.begin();
    const init = readOnce(given);
    const decided = this.auditRefusal(startedAt) ?? this.validator.decideAt(init, startedAt);
    const result = isPromiseLike(decided) ? await decided : decided;
    const decidedAt = wallClockDate(startedAt);
    const attempt = this.audited(init, result, decidedAt);
    telemetry?.decided(attempt, result, call);
    if (!result.allowed) {
      const recorded = this.record({ connectionAttempt: attempt, result, timestamp: decidedAt });
      if (recorded !== undefined) await recorded;
      telemetry?.end();
      throw new InterceptorError(attempt.connectorName, result);
    }
    const runStartedAt = startedAt + result.latencyMs;
    let value: Awaited<Result>;
    try {
      const returned = telemetry === undefined ? run() : telemetry.run(run);
      value = (isPromiseLike(returned) ? await returned : returned) as Awaited<Result>;
    } catch (error) {
      const durationMs = performance.now() - runStartedAt;
      const recorded = this.record({
        connectionAttempt: attempt,
        result,
        timestamp: decidedAt,
        outcome: { status: "error", durationMs, error: describeError(error) },
      });
      if (recorded !== undefined) await recorded;
      telemetry?.finish("error", error);
      throw error;
    }
    const connectorName: unknown = init.connectorName;
    const verdict = checkOutput(
      typeof connectorName === "string" ? this.validator.registry.find(connectorName) : undefined,
      value,
      this.outputCheck,
      this.validator.mode,
      this.validator.inputLimits,
    );
    const durationMs = performance.now() - runStartedAt;
    let outcome: CallOutcome = { status: "ok", durationMs };
    if (verdict !== undefined) {
      outcome = verdict.enforce
        ? {
            status: "error",
            durationMs,
            error: `OutputValidationError: ${verdict.violation}`,
            outputViolation: verdict.violation,
          }
        : { status: "ok", durationMs, outputViolation: verdict.violation };
    }
    const recorded = this.record({
      connectionAttempt: attempt,
      result,
      timestamp: decidedAt,
      outcome,
    });
    if (recorded !== undefined) await recorded;
    telemetry?.finish(verdict?.enforce ? "withheld" : "ok");
    if (verdict?.enforce) throw new OutputValidationError(attempt.connectorName, verdict.violation);
    return value;
  }

  /**
   * A denial when the audit sink says it cannot record the call (see
   * `AuditSink.unavailableReason`): the call is refused before the pipeline, so it takes no
   * rate-limit slot.
   */
  private auditRefusal(startedAt: number): ConnectionResult | undefined {
    const reason = this.auditLog.unavailableReason?.();
    return reason === undefined
      ? undefined
      : { allowed: false, check: "audit", reason, latencyMs: performance.now() - startedAt };
  }

  /**
   * The attempt as it is audited and shown to `onDecision`: the verified agent in place of the
   * claimed one, no capability token, secrets redacted. Tells `onDecision` about the decision.
   */
  private audited(
    init: ConnectionAttemptInit,
    result: ConnectionResult,
    decidedAt: Date,
  ): ConnectionAttempt {
    let attempt = createConnectionAttempt(init, decidedAt);
    const verifiedAgent = result.verifiedAgent;
    if (verifiedAgent !== undefined && verifiedAgent !== attempt.sourceAgent) {
      attempt = buildConnectionAttempt(
        attempt.connectorName,
        verifiedAgent,
        attempt.inputData,
        attempt.timestamp,
        attempt.toolDefinitionHash,
      );
    }
    if (this.redactor !== undefined) attempt = this.redactor.redactAttempt(attempt);
    if (this.onDecision !== undefined) {
      try {
        const returned: unknown = this.onDecision(result, attempt);
        if (isPromiseLike(returned)) {
          Promise.resolve(returned).catch((error: unknown) => reportDecisionHandlerFailure(error));
        }
      } catch (error) {
        reportDecisionHandlerFailure(error);
      }
    }
    return attempt;
  }

  /**
   * Appends to the sink; a failing sink is reported, never allowed to break the call. Returns
   * a promise only when the sink answered with one, so synchronous sinks cost no await.
   */
  private record(entry: AuditEntry): Promise<void> | undefined {
    try {
      const written = this.auditLog.append(entry);
      if (isPromiseLike(written)) {
        return Promise.resolve(written).catch((error: unknown) => this.onAuditError(error, entry));
      }
    } catch (error) {
      this.onAuditError(error, entry);
    }
    return undefined;
  }
}

/** The reference's argument capture: one plain object is the input, else `arg_0`, `arg_1`… */
export function captureArguments(args: readonly unknown[]): unknown {
  if (args.length === 1 && isPlainRecord(args[0])) return args[0];
  const captured: Record<string, unknown> = {};
  args.forEach((value, index) => {
    captured[`arg_${index}`] = value;
  });
  return captured;
}

/**
 * Each field of the caller's attempt read exactly once, so an object whose getters answer
 * differently on each read cannot have one thing decided and another recorded.
 */
function readOnce(init: ConnectionAttemptInit): ConnectionAttemptInit {
  if (typeof init !== "object" || init === null) return init;
  return {
    connectorName: init.connectorName,
    sourceAgent: init.sourceAgent,
    inputData: init.inputData,
    timestamp: init.timestamp,
    capabilityToken: init.capabilityToken,
    toolDefinitionHash: init.toolDefinitionHash,
  };
}

function reportDecisionHandlerFailure(error: unknown): void {
  process.stderr.write(`connectorguard: onDecision handler failed: ${describeError(error)}\n`);
}

function reportAuditFailure(error: unknown, entry: AuditEntry): void {
  const attempt = entry.connectionAttempt;
  process.stderr.write(
    `connectorguard: AUDIT ENTRY NOT STORED for '${attempt.connectorName}' (agent '${attempt.sourceAgent}', ${entry.result.allowed ? "allowed" : "denied"}): ${describeError(error)}\n`,
  );
}
