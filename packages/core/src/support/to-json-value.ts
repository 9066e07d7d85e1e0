/**
 * A JSON-safe copy of any value, so an audit record can always be written and hashed: BigInt
 * becomes a string, functions and symbols are dropped, cycles become `"[Circular]"`, values
 * with `toJSON` (dates) use it. Keys are copied as own data properties, so `__proto__` in the
 * input stays an ordinary key.
 */
export function toJsonValue(value: unknown): unknown {
  return convert(value, new Set());
}

function convert(value: unknown, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return "[Circular]";
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    try {
      return convert(toJSON.call(object), ancestors);
    } catch {
      return "[Unserializable]";
    }
  }
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return object.map((item) => {
        const converted = convert(item, ancestors);
        return converted === undefined ? null : converted;
      });
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      const converted = convert((object as Record<string, unknown>)[key], ancestors);
      if (converted !== undefined) {
        Object.defineProperty(copy, key, {
          value: converted,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return copy;
  } finally {
    ancestors.delete(object);
  }
}
