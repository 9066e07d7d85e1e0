/**
 * A value for an error message about an option: strings quoted, numbers and booleans as they
 * are, anything bigger by its type.
 *
 * @example
 * describeValue(" "); // '" "'
 * describeValue([1]); // "an array"
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
