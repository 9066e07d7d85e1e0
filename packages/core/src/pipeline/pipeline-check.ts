import type { CheckName } from "../values/connection-result.js";
import type { DecisionContext } from "./decision-context.js";

/** Why a check stopped a call. */
export interface CheckDenial {
  readonly check: CheckName;
  readonly reason: string;
  /** For a rate-limit denial: milliseconds until a retry would be admitted. */
  readonly retryAfterMs?: number;
  /**
   * Denies even in shadow mode. Set when the guard itself cannot do its job (no audit sink to
   * record the call, an attempt it could not read), never for a policy decision.
   */
  readonly alwaysEnforced?: boolean;
}

/** A check's answer: `undefined` to let the call go on to the next check, or a denial. */
export type CheckVerdict = CheckDenial | undefined;

/**
 * One step of the pipeline. `run` answers synchronously when it can: the runner only awaits a
 * check that returned a promise, so a decision of synchronous checks allocates no promise.
 */
export interface PipelineCheck {
  readonly name: CheckName;
  run(context: DecisionContext): CheckVerdict | PromiseLike<CheckVerdict>;
}
