import {
  ALLOWED_REASON,
  type CheckName,
  type ConnectionResult,
} from "../values/connection-result.js";
import type { GuardMode } from "../values/guard-mode.js";

/** What a failed check adds to its denial: when to retry, who the token named. */
export interface DenialDetails {
  readonly retryAfterMs?: number;
  readonly verifiedAgent?: string;
}

/**
 * The result of a failed check: a denial in enforce mode; in shadow mode an honest allowance
 * that says what would have denied the call.
 *
 * @example
 * failedCheck(startedAt, "shadow", "permission", "agent 'a' is missing required permissions: db:write");
 * // { allowed: true, wouldDeny: { check: "permission", … }, reason: "shadow mode: would deny at permission: …" }
 */
export function failedCheck(
  startedAt: number,
  mode: GuardMode,
  check: CheckName,
  reason: string,
  details: DenialDetails = {},
): ConnectionResult {
  const latencyMs = performance.now() - startedAt;
  const { retryAfterMs, verifiedAgent } = details;
  const identity = verifiedAgent === undefined ? {} : { verifiedAgent };
  if (mode === "shadow") {
    return {
      allowed: true,
      reason: `shadow mode: would deny at ${check}: ${reason}`,
      latencyMs,
      ...identity,
      wouldDeny: retryAfterMs === undefined ? { check, reason } : { check, reason, retryAfterMs },
    };
  }
  return retryAfterMs === undefined
    ? { allowed: false, check, reason, latencyMs, ...identity }
    : { allowed: false, check, reason, latencyMs, retryAfterMs, ...identity };
}

/**
 * The result of an attempt that passed every check.
 *
 * @example
 * passedChecks(startedAt, undefined, undefined); // { allowed: true, reason: "all checks passed", … }
 */
export function passedChecks(
  startedAt: number,
  verifiedAgent: string | undefined,
  storeFailure: string | undefined,
): ConnectionResult {
  const reason =
    storeFailure === undefined
      ? ALLOWED_REASON
      : `${ALLOWED_REASON} (${storeFailure}; allowed by onStoreError "allow")`;
  const latencyMs = performance.now() - startedAt;
  return verifiedAgent === undefined
    ? { allowed: true, reason, latencyMs }
    : { allowed: true, reason, latencyMs, verifiedAgent };
}
