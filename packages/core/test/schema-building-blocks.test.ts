import { describe, expect, it } from "vitest";
import {
  canonicalJsonKey,
  checkSchemaDialect,
  subschemaLocations,
  translateUnicodePropertyEscapes,
} from "./support/core-internals.js";

describe("canonicalJsonKey", () => {
  it("is shared exactly by values JSON Schema calls equal", () => {
    expect(canonicalJsonKey({ b: [1, "x"], a: null })).toBe(
      canonicalJsonKey({ a: null, b: [1.0, "x"] }),
    );
    expect(canonicalJsonKey(-0)).toBe(canonicalJsonKey(0));
    expect(canonicalJsonKey(1)).not.toBe(canonicalJsonKey("1"));
    expect(canonicalJsonKey([false])).not.toBe(canonicalJsonKey([0]));
    expect(canonicalJsonKey({ a: 1 })).not.toBe(canonicalJsonKey({ a: 1, b: undefined }));
  });

  it("is undefined for what is not JSON", () => {
    for (const value of [new Date(), Number.NaN, () => 1, [1, undefined], { at: new Map() }, 1n]) {
      expect(canonicalJsonKey(value)).toBeUndefined();
    }
  });
});

describe("subschemaLocations", () => {
  it("finds every applicator of the three dialects, and no data", () => {
    const schema = {
      properties: { a: true },
      patternProperties: { "^x": {} },
      additionalProperties: false,
      propertyNames: { maxLength: 3 },
      prefixItems: [{}],
      items: {},
      contains: {},
      unevaluatedItems: false,
      unevaluatedProperties: false,
      dependentSchemas: { a: {} },
      dependencies: { b: ["a"], c: {} },
      if: {},
      // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
      then: {},
      else: {},
      not: {},
      allOf: [{}],
      anyOf: [{}],
      oneOf: [{}],
      $defs: { d: {} },
      definitions: { e: {} },
      additionalItems: {},
      enum: [{ items: {} }],
      const: { not: {} },
      default: { allOf: [] },
    };
    const found = subschemaLocations(schema).map(
      (location) =>
        `${location.segments.join("/")} ${location.relation}${location.childClass ? ` ${location.childClass}` : ""}`,
    );
    expect(found.sort()).toEqual(
      [
        "$defs/d definition",
        "additionalItems child other-items",
        "additionalProperties child other-properties",
        "allOf/0 in-place",
        "anyOf/0 in-place",
        "contains child any",
        "definitions/e definition",
        "dependencies/c in-place",
        "dependentSchemas/a in-place",
        "else in-place",
        "if in-place",
        "items child other-items",
        "not in-place",
        "oneOf/0 in-place",
        "patternProperties/^x child any",
        "prefixItems/0 child item:0",
        "properties/a child property:a",
        "propertyNames child property-names",
        "then in-place",
        "unevaluatedItems child other-items",
        "unevaluatedProperties child other-properties",
      ].sort(),
    );
    expect(subschemaLocations({ items: [{}, {}] }).map((location) => location.childClass)).toEqual([
      "item:0",
      "item:1",
    ]);
    expect(subschemaLocations(true)).toEqual([]);
  });
});

describe("translateUnicodePropertyEscapes", () => {
  it("rewrites the escapes RE2 has with the same meaning and leaves the rest", () => {
    expect(translateUnicodePropertyEscapes("^\\p{Letter}+$")).toBe("^\\p{L}+$");
    expect(translateUnicodePropertyEscapes("[\\p{Letter}\\d]")).toBe("[\\p{L}\\d]");
    expect(translateUnicodePropertyEscapes("\\P{Script=Greek}")).toBe("\\P{Greek}");
    expect(translateUnicodePropertyEscapes("\\p{sc=Thai}")).toBe("\\p{Thai}");
    expect(translateUnicodePropertyEscapes("\\p{gc=Uppercase_Letter}")).toBe("\\p{Lu}");
    expect(translateUnicodePropertyEscapes("\\p{Nd}")).toBe("\\p{Nd}");
    // An escaped backslash followed by "p{" is text, not an escape.
    expect(translateUnicodePropertyEscapes("\\\\p{Letter}")).toBe("\\\\p{Letter}");
  });

  it("refuses, accurately, what RE2 cannot run exactly", () => {
    expect(() => translateUnicodePropertyEscapes("\\p{Alphabetic}")).toThrow(
      "\\p{Alphabetic}: RE2 has no exact equivalent of the binary property 'Alphabetic'",
    );
    expect(() => translateUnicodePropertyEscapes("\\p{Script_Extensions=Greek}")).toThrow(
      /no exact equivalent/,
    );
    expect(() => translateUnicodePropertyEscapes("\\p{sc=Grek}")).toThrow(
      /four-letter aliases such as Grek/,
    );
  });
});

describe("checkSchemaDialect", () => {
  it("returns a supported dialect and names the valid ones otherwise", () => {
    expect(checkSchemaDialect("2019-09")).toBe("2019-09");
    expect(() => checkSchemaDialect(7, "policy.schemaDialect")).toThrow(
      'policy.schemaDialect must be one of "draft-07", "2019-09", "2020-12" (got 7)',
    );
  });
});
