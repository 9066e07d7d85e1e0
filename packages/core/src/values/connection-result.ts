/** The checks of the pipeline, in the order they run. */
export const PIPELINE_CHECKS = [
  "registry",
  "pin",
  "permission",
  "rate-limit",
  "input-schema",
] as const;

/**
 * The name of a check: one of the pipeline's; `"audit"`, the refusal of a call the audit sink
 * could not record, which runs before them; or `"output"`, the check of a tool's result
 * against its `outputSchema`, which runs after the tool.
 */
export type CheckName = "audit" | (typeof PIPELINE_CHECKS)[number] | "output";

/** The reason of every allowed decision. */
export const ALLOWED_REASON = "all checks passed";

/** In shadow mode, the denial the guard would have made. */
export interface WouldDeny {
  readonly check: CheckName;
  readonly reason: string;
  readonly retryAfterMs?: number;
}

/**
 * The guard's decision about one attempt. A denial names the failed `check` and gives a
 * `reason` a person, or a model, can act on. In shadow mode a failed check still allows the
 * call, honestly: `allowed: true`, `wouldDeny` says what would have denied it.
 *
 * @example
 * { allowed: false, check: "permission", latencyMs: 0.002,
 *   reason: "agent 'agent-1' is missing required permissions: db:write" }
 */
export interface ConnectionResult {
  readonly allowed: boolean;
  readonly reason: string;
  /** Time the decision took, in milliseconds. */
  readonly latencyMs: number;
  /** The check that denied the attempt; absent when it was allowed. */
  readonly check?: CheckName;
  /** For a rate-limit denial: milliseconds until a retry would be admitted. */
  readonly retryAfterMs?: number;
  /** The agent named by a verified capability token; it replaces the attempt's `sourceAgent`. */
  readonly verifiedAgent?: string;
  /** Shadow mode only: the check and reason that would have denied the call. */
  readonly wouldDeny?: WouldDeny;
}
