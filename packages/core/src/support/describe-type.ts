/**
 * A short, human description of a value's type for error messages.
 *
 * @example
 * describeType([1]); // "an array"
 * describeType(7); // "number"
 */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value === "string" ? "a string" : `${typeof value}`;
}
