import type { AuditEntry, CallOutcome } from "../audit/audit-entry.js";
import { AuditLog } from "../audit/audit-log.js";
import type { AuditReservation, AuditSink } from "../audit/audit-sink.js";
import { InterceptorError } from "../errors/interceptor-error.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { OutputValidationError } from "../errors/output-validation-error.js";
import { checkOptions } from "../options/check-options.js";
import { auditAvailabilityCheck } from "../pipeline/audit-availability-check.js";
import type { ConnectionValidator } from "../pipeline/connection-validator.js";
import { createDecisionContext, type DecisionContext } from "../pipeline/decision-context.js";
import { failedCheck } from "../pipeline/decision-result.js";
import { checkOutput } from "../pipeline/output-check.js";
import type { PipelineCheck } from "../pipeline/pipeline-check.js";
import { runChecks } from "../pipeline/run-checks.js";
import { AuditRedactor, type RedactionOptions } from "../redaction/audit-redactor.js";
import { describeError } from "../support/describe-error.js";
import { isPlainRecord } from "../support/is-plain-record.js";
import { isPromiseLike } from "../support/is-promise-like.js";
import { reasonText } from "../support/reason-text.js";
import { wallClockDate } from "../support/wall-clock.js";
import type { DecisionTelemetry } from "../telemetry/decision-telemetry.js";
import type { ToolCallContext } from "../telemetry/tool-call-context.js";
import {
  buildConnectionAttempt,
  type ConnectionAttempt,
  type ConnectionAttemptInit,
  createConnectionAttempt,
} from "../values/connection-attempt.js";
import type { ConnectionResult } from "../values/connection-result.js";
import type { OutputCheckMode } from "../values/guard-mode.js";

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

/** How {@link RequestInterceptor.run} reads a tool's result. */
export interface RunOptions<Result> {
  /**
   * The part of the result the connector's `outputSchema` describes, when that is not the
   * whole value (an MCP tool's `structuredContent`).
   */
  readonly output?: (value: Result) => unknown;
  /**
   * A result that reports its own failure (an MCP result with `isError: true`): its message,
   * so the call is audited as a tool error. The value still reaches the caller.
   */
  readonly failure?: (value: Result) => string | undefined;
  /** What the framework knows of the call (tool name, call id), for telemetry. */
  readonly call?: ToolCallContext;
}

/** The guard's verdict on one call it was asked to run; see {@link RequestInterceptor.run}. */
export type RunOutcome<Result> =
  | {
      readonly status: "ran";
      readonly value: Result;
      readonly result: ConnectionResult;
      readonly attempt: ConnectionAttempt;
    }
  | {
      readonly status: "denied";
      readonly result: ConnectionResult;
      readonly attempt: ConnectionAttempt;
    }
  | {
      readonly status: "withheld";
      readonly violation: string;
      readonly result: ConnectionResult;
      readonly attempt: ConnectionAttempt;
    };

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
  /** The audit-availability check, then the validator's own. */
  private readonly checks: readonly PipelineCheck[];
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
    this.checks = [auditAvailabilityCheck(this.auditLog), ...validator.checks];
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
    checkOptions(options, ["outputCheck"], "RequestInterceptor");
    this.outputCheck = options.outputCheck ?? "audit";
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
      const guarded = (...args: Args): Promise<Awaited<Result>> => {
        const captured = captureArguments(args);
        // One plain-object argument is the input: the function gets the validated snapshot.
        // Positional arguments are checked as `{ arg_0, … }` and passed on as given.
        return this.execute(
          {
            connectorName: target.connectorName,
            sourceAgent: target.sourceAgent,
            inputData: captured,
          },
          (input) => (captured === args[0] ? fn(...([input] as Args)) : fn(...args)),
        );
      };
      Object.defineProperty(guarded, "name", { value: fn.name });
      return guarded;
    };
  }

  /** Decides an attempt and records the decision, without running anything. */
  async intercept(given: ConnectionAttemptInit, call?: ToolCallContext): Promise<ConnectionResult> {
    const startedAt = performance.now();
    const telemetry = this.telemetry?.begin();
    const init = readOnce(given);
    const decision = this.decideAt(init, startedAt);
    const decided = decision.result;
    const held = decision.held;
    const result = isPromiseLike(decided) ? await decided : decided;
    const decidedAt = wallClockDate(startedAt);
    const attempt = this.audited(init, result, decidedAt, decision.context?.input);
    telemetry?.decided(attempt, result, call);
    const recorded = this.record(
      { connectionAttempt: attempt, result, timestamp: decidedAt },
      held,
    );
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
  execute<Result>(
    given: ConnectionAttemptInit,
    run: (input: unknown) => Result,
    options?: RunOptions<Awaited<Result>>,
  ): Promise<Awaited<Result>> {
    return this.decideAndRun(given, run, options, true) as Promise<Awaited<Result>>;
  }

  /**
   * `execute` with the guard's verdicts as values: `"ran"` with the tool's value, `"denied"`
   * with the decision (the tool did not run), or `"withheld"` with the output violation (the
   * tool ran; `outputCheck: "enforce"` keeps its result from the caller). Only an error of
   * the tool itself rejects, unchanged — so an adapter never has to tell the guard's own
   * refusal from a tool that failed. Every outcome is recorded before the promise settles.
   *
   * @example
   * const outcome = await interceptor.run(attempt, () => search(query));
   * if (outcome.status === "denied") return `denied: ${outcome.result.reason}`;
   */
  run<Result>(
    given: ConnectionAttemptInit,
    run: (input: unknown) => Result,
    options?: RunOptions<Awaited<Result>>,
  ): Promise<RunOutcome<Awaited<Result>>> {
    return this.decideAndRun(given, run, options, false) as Promise<RunOutcome<Awaited<Result>>>;
  }

  /**
   * `run` and `execute` in one async function, so a call costs one promise whichever is used:
   * `throwing` turns the guard's verdicts into the errors `execute` promises.
   */
  private async decideAndRun<Result>(
    given: ConnectionAttemptInit,
    run: (input: unknown) => Result,
    options: RunOptions<Awaited<Result>> | undefined,
    throwing: boolean,
  ): Promise<RunOutcome<Awaited<Result>> | Awaited<Result>> {
    // One clock reading starts the decision and dates both the attempt and its entry; the
    // decision's end starts the run; one more reading ends it.
    const startedAt = performance.now();
    const telemetry = this.telemetry?.begin();
    const init = readOnce(given);
    const decision = this.decideAt(init, startedAt);
    const decided = decision.result;
    const held = decision.held;
    const result = isPromiseLike(decided) ? await decided : decided;
    const decidedAt = wallClockDate(startedAt);
    const attempt = this.audited(init, result, decidedAt, decision.context?.input);
    telemetry?.decided(attempt, result, options?.call);
    if (!result.allowed) {
      const recorded = this.record(
        { connectionAttempt: attempt, result, timestamp: decidedAt },
        held,
      );
      if (recorded !== undefined) await recorded;
      telemetry?.end();
      if (throwing) throw new InterceptorError(attempt.connectorName, result);
      return { status: "denied", result, attempt };
    }
    const runStartedAt = startedAt + result.latencyMs;
    let value: Awaited<Result>;
    try {
      // The tool gets the snapshot the input-schema check validated; when that check did not
      // run to completion (shadow mode let the call through before it), the input as given.
      const validated = decision.context?.input;
      const input = validated === undefined ? givenInput(init) : validated;
      const returned = telemetry === undefined ? run(input) : telemetry.run(() => run(input));
      value = (isPromiseLike(returned) ? await returned : returned) as Awaited<Result>;
    } catch (error) {
      const durationMs = performance.now() - runStartedAt;
      const recorded = this.record(
        {
          connectionAttempt: attempt,
          result,
          timestamp: decidedAt,
          outcome: { status: "error", durationMs, error: describeError(error) },
        },
        held,
      );
      if (recorded !== undefined) await recorded;
      telemetry?.finish("error", error);
      throw error;
    }
    const connectorName: unknown = init.connectorName;
    const verdict = checkOutput(
      typeof connectorName === "string" ? this.validator.registry.find(connectorName) : undefined,
      options?.output === undefined ? value : options.output(value),
      this.outputCheck,
      this.validator.mode,
      this.validator.inputLimits,
    );
    const durationMs = performance.now() - runStartedAt;
    const failure = options?.failure?.(value);
    let outcome: CallOutcome =
      failure === undefined
        ? { status: "ok", durationMs }
        : { status: "error", durationMs, error: failure };
    if (verdict !== undefined) {
      outcome = verdict.enforce
        ? {
            status: "error",
            durationMs,
            error: `OutputValidationError: ${verdict.violation}`,
            outputViolation: verdict.violation,
          }
        : { ...outcome, outputViolation: verdict.violation };
    }
    const recorded = this.record(
      { connectionAttempt: attempt, result, timestamp: decidedAt, outcome },
      held,
    );
    if (recorded !== undefined) await recorded;
    telemetry?.finish(verdict?.enforce ? "withheld" : failure !== undefined ? "error" : "ok");
    if (verdict?.enforce) {
      if (throwing) throw new OutputValidationError(attempt.connectorName, verdict.violation);
      return { status: "withheld", result, attempt, violation: verdict.violation };
    }
    return throwing ? value : { status: "ran", result, attempt, value };
  }

  /**
   * The decision on an attempt as read once — the pipeline's, or a denial of an unreadable
   * one — and the room the audit sink held for its entry, if it held any.
   */
  private decideAt(
    init: ReadAttempt,
    startedAt: number,
  ): {
    result: ConnectionResult | Promise<ConnectionResult>;
    held: AuditReservation | undefined;
    context?: DecisionContext;
  } {
    const unreadable = typeof init === "object" && init !== null ? init.unreadable : undefined;
    if (unreadable !== undefined) {
      const reason = `the attempt could not be read (${reasonText(unreadable)})`;
      return { result: failedCheck(startedAt, "enforce", "registry", reason), held: undefined };
    }
    const context = createDecisionContext(init, startedAt, this.validator.mode);
    const result = runChecks(this.checks, context);
    // Read now: the audit check, first in the list, has run (and held room) synchronously.
    return { result, held: context.auditReservation as AuditReservation | undefined, context };
  }

  /**
   * The attempt as it is audited and shown to `onDecision`: the verified agent in place of the
   * claimed one, no capability token, secrets redacted. Tells `onDecision` about the decision.
   */
  private audited(
    init: ConnectionAttemptInit,
    result: ConnectionResult,
    decidedAt: Date,
    validatedInput: unknown,
  ): ConnectionAttempt {
    let attempt = createConnectionAttempt(init, decidedAt);
    const verifiedAgent = result.verifiedAgent;
    const agentChanged = verifiedAgent !== undefined && verifiedAgent !== attempt.sourceAgent;
    // The record shows what was checked and what the tool gets: the validated snapshot.
    if (agentChanged || validatedInput !== undefined) {
      attempt = buildConnectionAttempt(
        attempt.connectorName,
        agentChanged ? verifiedAgent : attempt.sourceAgent,
        validatedInput === undefined ? attempt.inputData : validatedInput,
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
  private record(entry: AuditEntry, held?: AuditReservation): Promise<void> | undefined {
    try {
      // Through the room held at admission, when the sink held some.
      const written = (held ?? this.auditLog).append(entry);
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
 * differently on each read cannot have one thing decided and another recorded. An attempt
 * that cannot be read (a getter or a Proxy that throws) becomes one the guard denies and
 * records, never a rejection with no audit entry.
 */
function readOnce(init: ConnectionAttemptInit): ReadAttempt {
  if (typeof init !== "object" || init === null) return init;
  try {
    return {
      connectorName: init.connectorName,
      sourceAgent: init.sourceAgent,
      inputData: init.inputData,
      timestamp: init.timestamp,
      capabilityToken: init.capabilityToken,
      toolDefinitionHash: init.toolDefinitionHash,
      identityRequired: init.identityRequired,
    };
  } catch (error) {
    return { connectorName: "[unreadable attempt]", unreadable: describeError(error) };
  }
}

/** The input of an attempt as read once (`{}` when it has none). */
function givenInput(init: ReadAttempt): unknown {
  if (typeof init !== "object" || init === null) return {};
  return init.inputData === undefined ? {} : init.inputData;
}

/** An attempt as read once; `unreadable` says why it could not be. */
type ReadAttempt = ConnectionAttemptInit & { readonly unreadable?: string };

function reportDecisionHandlerFailure(error: unknown): void {
  process.stderr.write(`connectorguard: onDecision handler failed: ${describeError(error)}\n`);
}

function reportAuditFailure(error: unknown, entry: AuditEntry): void {
  const attempt = entry.connectionAttempt;
  process.stderr.write(
    `connectorguard: AUDIT ENTRY NOT STORED for '${attempt.connectorName}' (agent '${attempt.sourceAgent}', ${entry.result.allowed ? "allowed" : "denied"}): ${describeError(error)}\n`,
  );
}
