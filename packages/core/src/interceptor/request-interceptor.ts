import type { AuditEntry, CallOutcome } from "../audit/audit-entry.js";
import { AuditLog } from "../audit/audit-log.js";
import type { AuditSink } from "../audit/audit-sink.js";
import { InterceptorError } from "../errors/interceptor-error.js";
import {
  type ConnectionAttempt,
  type ConnectionAttemptInit,
  createConnectionAttempt,
} from "../guard/connection-attempt.js";
import type { ConnectionResult } from "../guard/connection-result.js";
import type { ConnectionValidator } from "../guard/connection-validator.js";
import { isPromiseLike } from "../guard/is-promise-like.js";
import { isPlainRecord } from "../schema/connector-schema.js";
import { describeError } from "./describe-error.js";

/** Called when an audit sink fails to store an entry. The default writes to stderr. */
export type AuditErrorHandler = (error: unknown, entry: AuditEntry) => void;

/** Options of {@link RequestInterceptor}. */
export interface RequestInterceptorOptions {
  /** Told about every entry a sink failed to store; defaults to a loud line on stderr. */
  readonly onAuditError?: AuditErrorHandler;
}

/** Who calls which connector, for {@link RequestInterceptor.wrap}. */
export interface WrapTarget {
  readonly connectorName: string;
  readonly sourceAgent?: string;
}

/**
 * Puts the guard in front of functions: every call is validated, recorded in the audit sink,
 * and run only when allowed; a denied call throws `InterceptorError` without running.
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
  private readonly onAuditError: AuditErrorHandler;

  constructor(
    validator: ConnectionValidator,
    auditLog?: Sink,
    options: RequestInterceptorOptions = {},
  ) {
    this.validator = validator;
    this.auditLog = auditLog ?? (new AuditLog() as AuditSink as Sink);
    this.onAuditError = options.onAuditError ?? reportAuditFailure;
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
  async intercept(init: ConnectionAttemptInit): Promise<ConnectionResult> {
    const attempt = createConnectionAttempt(init);
    const decided = this.auditRefusal() ?? this.validator.decide(attempt);
    const result = isPromiseLike(decided) ? await decided : decided;
    const recorded = this.record({ connectionAttempt: attempt, result, timestamp: new Date() });
    if (recorded !== undefined) await recorded;
    return result;
  }

  /**
   * Decides an attempt; when allowed, runs `run` and records the decision with the call's
   * outcome (ok or error, and its duration); when denied, records it and throws
   * `InterceptorError`. Errors of `run` reach the caller unchanged.
   */
  async execute<Result>(init: ConnectionAttemptInit, run: () => Result): Promise<Awaited<Result>> {
    const attempt = createConnectionAttempt(init);
    const decided = this.auditRefusal() ?? this.validator.decide(attempt);
    const result = isPromiseLike(decided) ? await decided : decided;
    if (!result.allowed) {
      const recorded = this.record({ connectionAttempt: attempt, result, timestamp: new Date() });
      if (recorded !== undefined) await recorded;
      throw new InterceptorError(attempt.connectorName, result);
    }
    const startedAt = performance.now();
    let value: Awaited<Result>;
    try {
      const returned = run();
      value = (isPromiseLike(returned) ? await returned : returned) as Awaited<Result>;
    } catch (error) {
      const recorded = this.recordOutcome(attempt, result, startedAt, error);
      if (recorded !== undefined) await recorded;
      throw error;
    }
    const recorded = this.recordOutcome(attempt, result, startedAt, undefined);
    if (recorded !== undefined) await recorded;
    return value;
  }

  /** A denial when the audit sink says it cannot record the call (see `AuditSink.unavailableReason`). */
  private auditRefusal(): ConnectionResult | undefined {
    const reason = this.auditLog.unavailableReason?.();
    return reason === undefined
      ? undefined
      : { allowed: false, check: "audit", reason, latencyMs: 0 };
  }

  private recordOutcome(
    attempt: ConnectionAttempt,
    result: ConnectionResult,
    startedAt: number,
    error: unknown,
  ): Promise<void> | undefined {
    const durationMs = performance.now() - startedAt;
    const outcome: CallOutcome =
      error === undefined
        ? { status: "ok", durationMs }
        : { status: "error", durationMs, error: describeError(error) };
    return this.record({ connectionAttempt: attempt, result, timestamp: new Date(), outcome });
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

function reportAuditFailure(error: unknown, entry: AuditEntry): void {
  const attempt = entry.connectionAttempt;
  process.stderr.write(
    `connectorguard: AUDIT ENTRY NOT STORED for '${attempt.connectorName}' (agent '${attempt.sourceAgent}', ${entry.result.allowed ? "allowed" : "denied"}): ${describeError(error)}\n`,
  );
}
