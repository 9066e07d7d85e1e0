import { isPromiseLike } from "../support/is-promise-like.js";
import { reasonText } from "../support/reason-text.js";
import type { ConnectionResult } from "../values/connection-result.js";
import type { DecisionContext } from "./decision-context.js";
import { failedCheck, passedChecks } from "./decision-result.js";
import type { CheckVerdict, PipelineCheck } from "./pipeline-check.js";

/**
 * Runs `checks` in order on one decision and stops at the first denial. This is the one place
 * that decides between the synchronous path and a promise: a check that answers with a promise
 * is awaited and the rest run after it. Never throws and never rejects: a check that fails
 * unexpectedly denies the call (enforced, whatever the mode), with what went wrong.
 *
 * @example
 * const result = runChecks(validator.checks, createDecisionContext(attempt, performance.now(), "enforce"));
 */
export function runChecks(
  checks: readonly PipelineCheck[],
  context: DecisionContext,
): ConnectionResult | Promise<ConnectionResult> {
  return runFrom(checks, 0, context);
}

function runFrom(
  checks: readonly PipelineCheck[],
  first: number,
  context: DecisionContext,
): ConnectionResult | Promise<ConnectionResult> {
  try {
    for (let index = first; index < checks.length; index++) {
      const verdict = (checks[index] as PipelineCheck).run(context);
      if (isPromiseLike(verdict)) {
        return Promise.resolve(verdict).then(
          (settled) =>
            settled === undefined
              ? runFrom(checks, index + 1, context)
              : toResult(settled, context),
          (error: unknown) => undecided(error, context),
        );
      }
      if (verdict !== undefined) return toResult(verdict, context);
    }
  } catch (error) {
    return undecided(error, context);
  }
  return passedChecks(context.startedAt, context.verifiedAgent, context.storeFailure);
}

function toResult(denial: NonNullable<CheckVerdict>, context: DecisionContext): ConnectionResult {
  const mode = denial.alwaysEnforced === true ? "enforce" : context.mode;
  return failedCheck(context.startedAt, mode, denial.check, denial.reason, {
    retryAfterMs: denial.retryAfterMs,
    verifiedAgent: context.verifiedAgent,
  });
}

function undecided(error: unknown, context: DecisionContext): ConnectionResult {
  const detail = reasonText(error instanceof Error ? error.message : String(error));
  return failedCheck(
    context.startedAt,
    "enforce",
    "registry",
    `the attempt could not be decided (${detail})`,
  );
}
