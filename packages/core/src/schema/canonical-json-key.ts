/**
 * A text that two JSON values share exactly when JSON Schema calls them equal (`enum`,
 * `const`, `uniqueItems`): JSON with object keys sorted, so `{ "a": 1, "b": 2 }` and
 * `{ "b": 2, "a": 1 }` agree and `1` and `1.0` are one number. Undefined for a value that is
 * not JSON (a function, a class instance, `NaN`, a value nested in one), which equals no JSON
 * value. Linear in the size of the value.
 *
 * @example
 * canonicalJsonKey({ b: [1, "x"], a: null }); // '{"a":null,"b":[1,"x"]}'
 * canonicalJsonKey(new Date()); // undefined
 */
export function canonicalJsonKey(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      // -0 and 0 are equal in JSON Schema, and JSON.stringify(-0) is "0".
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case "object":
      break;
    default:
      return undefined;
  }
  if (value === null) return "null";
  if (Array.isArray(value)) {
    let text = "[";
    for (let index = 0; index < value.length; index++) {
      const part = canonicalJsonKey(value[index]);
      if (part === undefined) return undefined;
      text += index === 0 ? part : `,${part}`;
    }
    return `${text}]`;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let text = "{";
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const part = canonicalJsonKey(record[key]);
    if (part === undefined) return undefined;
    text += `${index === 0 ? "" : ","}${JSON.stringify(key)}:${part}`;
  }
  return `${text}}`;
}
