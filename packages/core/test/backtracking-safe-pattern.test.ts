import { describe, expect, it } from "vitest";
import { ConnectorRegistry } from "../src/index.js";
import { isLinearUnderBacktracking } from "../src/schema/backtracking-safe-pattern.js";
import { linearTimeRegExp } from "../src/schema/linear-time-regexp.js";

describe("isLinearUnderBacktracking", () => {
  it.each([
    "^A-\\d+$",
    "^[A-Z]{3}-\\d{4}$",
    "^[a-z0-9_]+$",
    "^\\+?\\d{7,15}$",
    "^v\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$",
    "^ord_[A-Za-z0-9]{8,24}",
    "^.*$",
    "^",
  ])(
    "accepts %s: anchored, single-character atoms, one unbounded quantifier at most",
    (pattern) => {
      expect(isLinearUnderBacktracking(pattern)).toBe(true);
    },
  );

  it.each([
    ["^(a+)+$", "a group"],
    ["^(a|a)*$", "alternation in a group"],
    ["^a|b$", "alternation"],
    ["^\\d+\\d+$", "two unbounded quantifiers (quadratic)"],
    ["^a*a*b$", "two unbounded quantifiers"],
    ["^[a-z]*\\s*$", "two unbounded quantifiers"],
    ["^a{1,1000}a{1,1000}$", "two wide bounded quantifiers"],
    ["^a{2,}b{3,}$", "two open-ended quantifiers"],
    [`^${"\\w{0,32}".repeat(6)}@x$`, "six bounded quantifiers: 33^6 ways to split the input"],
    ["^a{0,9}b{0,9}c*$", "bounded widths multiplying to more than 64"],
    ["\\d+x", "not anchored: every start position is tried"],
    ["^a+?$", "a lazy quantifier"],
    ["^a**$", "a quantifier on a quantifier"],
    ["^(?=a)a$", "lookahead"],
    ["^(a)\\1$", "a backreference"],
    ["^\\k<name>$", "a named backreference"],
    ["^\\p{L}+$", "a property escape"],
    ["^[[a-z]--[aeiou]]+$", "a set operation"],
    ["^a$b", "an anchor in the middle"],
    ["^a{3$", "a malformed quantifier"],
  ])("refuses %s (%s): it runs on RE2", (pattern) => {
    expect(isLinearUnderBacktracking(pattern)).toBe(false);
  });
});

describe("linearTimeRegExp", () => {
  it("answers simple patterns with the native engine and ECMAScript semantics", () => {
    const simple = linearTimeRegExp("^A-\\d+$", "u");
    expect(simple).toBeInstanceOf(RegExp);
    expect(simple.test("A-1001")).toBe(true);
    expect(simple.test("A-10x1")).toBe(false);
    // ECMAScript's \s covers Unicode spaces; RE2's is ASCII only.
    expect(linearTimeRegExp("^a\\sb$", "u").test("a\u00a0b")).toBe(true);
  });

  it("keeps RE2 for everything else, and for multiline patterns", () => {
    expect(linearTimeRegExp("^(a+)+$", "u")).not.toBeInstanceOf(RegExp);
    expect(linearTimeRegExp("^a+$", "mu")).not.toBeInstanceOf(RegExp);
    const catastrophic = linearTimeRegExp("^(a+)+$", "u");
    expect(catastrophic.test(`${"a".repeat(10_000)}b`)).toBe(false);
  });

  it("lets a connector with a zod-style pattern validate as before", () => {
    const registry = new ConnectorRegistry();
    registry.register({
      name: "lookup_order",
      version: "1",
      inputSchema: {
        type: "object",
        properties: { orderId: { type: "string", pattern: "^A-\\d+$" } },
        required: ["orderId"],
      },
    });
    const validate = registry.find("lookup_order")?.validateInput;
    expect(validate?.({ orderId: "A-1001" })).toBe(true);
    expect(validate?.({ orderId: "1001; DROP TABLE" })).toBe(false);
    expect(validate?.({ orderId: `A-${"1".repeat(200_000)}x` })).toBe(false);
  });
});
