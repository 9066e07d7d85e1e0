import { rateLimitKey } from "../rate-limit/rate-limit-key.js";
import {
  rateLimitExceededReason,
  storeUnavailableReason,
} from "../rate-limit/rate-limit-reasons.js";
import type { RateLimitDecision, RateLimitStore } from "../rate-limit/rate-limit-store.js";
import type { StoreErrorPolicy } from "../rate-limit/store-error-policy.js";
import { isPromiseLike } from "../support/is-promise-like.js";
import { connectorOf } from "./connector-of.js";
import type { DecisionContext } from "./decision-context.js";
import type { CheckVerdict, PipelineCheck } from "./pipeline-check.js";

/** What the rate-limit check needs: the store, the window and what a store failure means. */
export interface RateLimitCheckOptions {
  readonly store: RateLimitStore;
  readonly windowSeconds: number;
  readonly onStoreError: StoreErrorPolicy;
}

/**
 * Is the agent under the connector's limit in the sliding window? Takes a slot when it is.
 * A store that fails denies (fail closed) or, with `onStoreError: "allow"`, lets the call on
 * with the failure in its reason.
 *
 * @example
 * rateLimitCheck({ store: new SlidingWindowRateLimiter(), windowSeconds: 60, onStoreError: "deny" });
 */
export function rateLimitCheck(options: RateLimitCheckOptions): PipelineCheck {
  const { store, windowSeconds, onStoreError } = options;
  const afterFailure = (error: unknown, context: DecisionContext): CheckVerdict => {
    const failure = storeUnavailableReason(error);
    if (onStoreError === "deny") {
      return { check: "rate-limit", reason: `${failure}; denying (fail closed)` };
    }
    context.storeFailure = failure;
    return undefined;
  };
  const afterDecision = (decision: RateLimitDecision, context: DecisionContext): CheckVerdict => {
    if (decision.allowed) return undefined;
    const { name, rateLimit } = connectorOf(context).schema;
    return {
      check: "rate-limit",
      reason: rateLimitExceededReason(name, rateLimit, windowSeconds, decision.retryAfterMs),
      retryAfterMs: decision.retryAfterMs,
    };
  };
  return {
    name: "rate-limit",
    run(context) {
      const schema = connectorOf(context).schema;
      let pending: RateLimitDecision | Promise<RateLimitDecision>;
      try {
        pending = store.consume(
          rateLimitKey(schema.name, context.agent),
          windowSeconds,
          schema.rateLimit,
        );
      } catch (error) {
        return afterFailure(error, context);
      }
      if (isPromiseLike(pending)) {
        return Promise.resolve(pending).then(
          (decision) => afterDecision(decision, context),
          (error: unknown) => afterFailure(error, context),
        );
      }
      return afterDecision(pending, context);
    },
  };
}
