import { RE2JS } from "re2js";
import { isLinearUnderBacktracking } from "./backtracking-safe-pattern.js";

/** A compiled `pattern`, as ajv calls it: `test(text)` searches anywhere in `text`. */
export interface LinearTimePattern {
  test(text: string): boolean;
  toString(): string;
}

/**
 * The regular-expression engine ajv uses for `pattern` and `patternProperties`: RE2 (the
 * pure-JavaScript `re2js` port), whose matching time is linear in the input, so no pattern —
 * `^(a+)+$` included — can be made to backtrack for minutes (ReDoS). ECMAScript syntax is
 * translated first (named groups, `\u` escapes); what RE2 cannot run in linear time —
 * lookaround and backreferences — is refused when the schema is compiled.
 *
 * Patterns so simple that a backtracking engine provably matches them in linear time (see
 * `isLinearUnderBacktracking`: anchored, no groups, one unbounded quantifier at most — the
 * shape of most tool-schema patterns, like zod's `regex(/^A-\d+$/)`) run on the native
 * `RegExp` instead, about 30 times faster, with ECMAScript's own semantics.
 *
 * @example
 * const ajv = new Ajv({ code: { regExp: linearTimeRegExp } });
 * linearTimeRegExp("^(a+)+$", "u").test("a".repeat(10_000) + "b"); // false, in about a millisecond
 */
export const linearTimeRegExp = Object.assign(
  (pattern: string, flags: string): LinearTimePattern => {
    if (!flags.includes("m") && isLinearUnderBacktracking(pattern)) {
      try {
        return new RegExp(pattern, flags);
      } catch {
        // Not valid ECMAScript after all: RE2 gives the error below.
      }
    }
    let compiled: RE2JS;
    try {
      compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(
        `pattern ${JSON.stringify(pattern)} cannot run in linear time (RE2 syntax: no lookaround or backreferences): ${detail}`,
      );
    }
    return { test: (text: string) => compiled.test(text), toString: () => `/${pattern}/` };
  },
  // ajv reads `code` only when it generates standalone validation code, which the guard never does.
  { code: 'require("re2js").RE2JS' },
);
