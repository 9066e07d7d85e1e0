/**
 * True for `{…}` objects (not arrays, dates, class instances or null).
 *
 * @example
 * isPlainRecord({ a: 1 }); // true
 * isPlainRecord(new Date()); // false
 */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
