/**
 * A value for an error message: short JSON, or its type when it has none.
 *
 * @example
 * describeValue(42); // "42"
 * describeValue(() => 1); // "a function"
 */
export function describeValue(value: unknown): string {
  if (typeof value === "function") return "a function";
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
