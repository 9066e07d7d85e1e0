import type { ConnectionAttempt } from "../values/connection-attempt.js";
import type { ConnectionResult } from "../values/connection-result.js";

/** What happened when the guard ran an allowed call. */
export interface CallOutcome {
  /** `"ok"` when the tool returned, `"error"` when it threw or rejected. */
  readonly status: "ok" | "error";
  /** How long the tool ran, in milliseconds. */
  readonly durationMs: number;
  /** The error's name and message, when it failed. */
  readonly error?: string;
  /**
   * Why the result did not conform to the connector's `outputSchema`, when it did not. With
   * `outputCheck: "enforce"` the status is then `"error"` and the caller got an
   * `OutputValidationError` instead of the result.
   */
  readonly outputViolation?: string;
}

/**
 * One decision of the guard, allowed or denied. When the guard also ran the call, `outcome`
 * says how it went.
 *
 * @example
 * entry.connectionAttempt.connectorName; // "refund-payment"
 * entry.result.allowed; // false
 * entry.result.check; // "permission"
 */
export interface AuditEntry {
  readonly connectionAttempt: ConnectionAttempt;
  readonly result: ConnectionResult;
  /**
   * When the guard decided. An allowed call the guard ran is recorded once it finished; it
   * ended `outcome.durationMs` after the decision.
   */
  readonly timestamp: Date;
  readonly outcome?: CallOutcome;
}
