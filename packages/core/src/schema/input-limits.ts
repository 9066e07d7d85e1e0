import { InvalidOptionError } from "../errors/invalid-option-error.js";

/**
 * Caps on an input, checked before JSON Schema validation so a hostile payload costs little.
 * `maxSize` counts one per value (object, array, string, number…) plus the length of every
 * string and every key, in UTF-16 code units — roughly the input's JSON length. `maxDepth` is
 * the deepest nesting of objects and arrays (`{}` is 1, `{ "a": [] }` is 2).
 */
export interface InputLimits {
  /** Default 1 000 000. */
  readonly maxSize?: number;
  /** Default 64. */
  readonly maxDepth?: number;
}

/** The caps applied when none are configured. */
export const DEFAULT_INPUT_LIMITS: Required<InputLimits> = { maxSize: 1_000_000, maxDepth: 64 };

/**
 * Fills in defaults and checks the caps; throws `InvalidOptionError` naming the bad one.
 *
 * @example
 * resolveInputLimits({ maxDepth: 16 }); // { maxSize: 1_000_000, maxDepth: 16 }
 */
export function resolveInputLimits(limits: InputLimits = {}): Required<InputLimits> {
  const resolved = { ...DEFAULT_INPUT_LIMITS, ...limits };
  for (const name of ["maxSize", "maxDepth"] as const) {
    const value = resolved[name];
    if (!Number.isInteger(value) || value < 1) {
      throw new InvalidOptionError(`inputLimits.${name} must be an integer >= 1 (got ${value})`);
    }
  }
  return resolved;
}

const TOO_DEEP = Number.NEGATIVE_INFINITY;

/**
 * Why `value` breaks `limits`, or undefined when it is within them. The walk stops as soon as
 * a cap is passed, so a huge or cyclic input costs at most `maxSize` steps; a value that
 * cannot be read (a throwing getter, a hostile proxy) is a problem too, never an exception.
 * `subject` names the value in the problem (`"input"`, `"output"`).
 *
 * @example
 * inputLimitProblem({ text: "x".repeat(2_000_000) }, DEFAULT_INPUT_LIMITS);
 * // "input too large (over the limit of 1000000: one per value plus the length of each string and key)"
 */
export function inputLimitProblem(
  value: unknown,
  limits: Required<InputLimits>,
  subject = "input",
): string | undefined {
  let remaining: number;
  try {
    remaining = remainingBudget(value, 0, limits.maxSize, limits.maxDepth);
  } catch (error) {
    const detail = error instanceof Error ? error.message : typeof error;
    return `${subject} could not be read (${detail.slice(0, 120)})`;
  }
  if (remaining >= 0) return undefined;
  return remaining === TOO_DEEP
    ? `${subject} too deeply nested (over the limit of ${limits.maxDepth} levels)`
    : `${subject} too large (over the limit of ${limits.maxSize}: one per value plus the length of each string and key)`;
}

/** What is left of `budget` after `value`; negative once over, `TOO_DEEP` past `maxDepth`. */
function remainingBudget(value: unknown, depth: number, budget: number, maxDepth: number): number {
  let left = budget - 1;
  if (typeof value === "string") return left - value.length;
  if (typeof value !== "object" || value === null) return left;
  if (depth >= maxDepth) return TOO_DEEP;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length && left >= 0; index++) {
      left = remainingBudget(value[index], depth + 1, left, maxDepth);
    }
    return left;
  }
  if (ArrayBuffer.isView(value)) return left - value.byteLength;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    left = remainingBudget(record[key], depth + 1, left - key.length, maxDepth);
    if (left < 0) return left;
  }
  return left;
}
