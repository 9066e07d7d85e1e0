/**
 * How the guard applies its decisions: `"enforce"` denies; `"shadow"` decides and audits what
 * it would deny but lets the call run — the safe way to roll out a new policy.
 */
export type GuardMode = "enforce" | "shadow";

/** The accepted {@link GuardMode} values. */
export const GUARD_MODES: readonly GuardMode[] = ["enforce", "shadow"];

/**
 * What the guard does with a tool's result when the connector has an `outputSchema`: `"off"`
 * skips the check, `"audit"` (the default) records a non-conforming result and returns it,
 * `"enforce"` records it and hands the caller an `OutputValidationError` instead.
 */
export type OutputCheckMode = "off" | "audit" | "enforce";

/** The accepted {@link OutputCheckMode} values. */
export const OUTPUT_CHECK_MODES: readonly OutputCheckMode[] = ["off", "audit", "enforce"];
