import fc from "fast-check";

/** Wraps `value` in `depth` alternating arrays and objects. */
export function nestValue(value: unknown, depth: number): unknown {
  let nested = value;
  for (let level = 0; level < depth; level++) {
    nested = level % 2 === 0 ? [nested] : { next: nested };
  }
  return nested;
}

/** Strings with lone surrogates, bidi overrides, NUL and line breaks mixed into text. */
export const hostileString = fc
  .array(
    fc.oneof(
      fc.constantFrom("a", "b", "z", "A", "0", " ", "\n", "\u0000", "\u202e", "\ud800", "\udfff"),
      fc.constantFrom("\ud83d\ude00", "\u0430", "password", "__proto__"),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

/** Keys that have hurt JavaScript libraries before, and keys that look like secrets. */
export const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"),
  fc.constantFrom("password", "apiKey", "Authorization", "refresh_token", "n", "prompt"),
  hostileString,
);

/** An object built with own keys only, `__proto__` included, as JSON.parse would build it. */
export function ownRecord(
  entries: readonly (readonly [string, unknown])[],
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return record;
}

/** JSON-shaped values with hostile keys and strings, small enough to validate quickly. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -20, max: 20 }),
      fc.double(),
      hostileString,
    ),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie("value")), { maxLength: 4 }).map(ownRecord),
  ),
})).value;

/**
 * Payloads for the pipeline: ordinary JSON, deep nesting, huge strings, prototype keys, lone
 * surrogates and the inputs the test connectors accept.
 */
export const hostilePayload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileJson },
  {
    weight: 3,
    arbitrary: fc
      .oneof(fc.integer({ min: -20, max: 20 }), fc.double(), hostileString, fc.constant(undefined))
      .map((n) => (n === undefined ? {} : { n })),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom("a", "q", "z"), { maxLength: 24 })
      .map((letters) => letters.join("")),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(hostileJson, fc.integer({ min: 0, max: 40 }))
      .map(([leaf, depth]) => nestValue(leaf, depth)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 500, max: 5_000 }), hostileString)
      .map(([length, text]) => ({ n: 1, text: text + "x".repeat(length) })),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
