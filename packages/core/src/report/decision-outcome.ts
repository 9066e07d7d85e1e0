import type { ChainedAuditRecord } from "../audit/hash-chain.js";
import type { CheckName } from "../values/connection-result.js";

/** How a recorded decision ended: allowed, denied, or allowed in shadow mode but would deny. */
export type DecisionOutcome = "allowed" | "denied" | "would-deny";

/** The three outcomes, in the order reports and the viewer list them. */
export const DECISION_OUTCOMES: readonly DecisionOutcome[] = ["allowed", "denied", "would-deny"];

/**
 * The outcome of a recorded decision. A shadow-mode allowance that carries `wouldDeny` is
 * `"would-deny"`, not `"allowed"`: it is the number that tells a team what enforce would block.
 *
 * @example
 * decisionOutcome(record); // "would-deny"
 */
export function decisionOutcome(record: Pick<ChainedAuditRecord, "result">): DecisionOutcome {
  const result = record.result;
  if (!result.allowed) return "denied";
  return result.wouldDeny === undefined ? "allowed" : "would-deny";
}

/**
 * The check that denied (or, in shadow mode, would have denied) a recorded decision; undefined
 * for a decision every check passed.
 *
 * @example
 * decisionCheck(record); // "permission"
 */
export function decisionCheck(record: Pick<ChainedAuditRecord, "result">): CheckName | undefined {
  const result = record.result;
  return result.allowed ? result.wouldDeny?.check : result.check;
}

/**
 * The reason a person reads for a denial or a would-deny (without the "shadow mode: …"
 * prefix), or the allowed reason.
 *
 * @example
 * decisionReason(record); // "agent 'a' is missing required permissions: db:write"
 */
export function decisionReason(record: Pick<ChainedAuditRecord, "result">): string {
  const result = record.result;
  return result.allowed && result.wouldDeny !== undefined ? result.wouldDeny.reason : result.reason;
}
