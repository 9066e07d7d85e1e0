import { RE2JS } from "re2js";
import { isLinearUnderBacktracking } from "./backtracking-safe-pattern.js";
import { translateUnicodePropertyEscapes } from "./unicode-property-escapes.js";

/** A compiled `pattern`, as ajv calls it: `test(text)` searches anywhere in `text`. */
export interface LinearTimePattern {
  test(text: string): boolean;
  toString(): string;
}

/**
 * The regular-expression engine ajv uses for `pattern` and `patternProperties`: RE2 (the
 * pure-JavaScript `re2js` port), whose matching time is linear in the input, so no pattern —
 * `^(a+)+$` included — can be made to backtrack for minutes (ReDoS). The pattern must first
 * be valid ECMAScript (with the `u` flag, as JSON Schema specifies); then its syntax is
 * translated for RE2 (named groups, `\u` escapes, Unicode property escapes such as
 * `\p{Letter}` → `\p{L}`); what RE2 cannot run with the same meaning — lookaround,
 * backreferences, binary Unicode properties — is refused when the schema is compiled.
 *
 * Patterns so simple that a backtracking engine provably matches them in linear time (see
 * `isLinearUnderBacktracking`: anchored, no groups, one variable-width quantifier at most —
 * the shape of most tool-schema patterns, like zod's `regex(/^A-\d+$/)`) run on the native
 * `RegExp` instead, about 30 times faster, with ECMAScript's own semantics.
 *
 * @example
 * const ajv = new Ajv({ code: { regExp: linearTimeRegExp } });
 * linearTimeRegExp("^(a+)+$", "u").test("a".repeat(10_000) + "b"); // false, in about a millisecond
 */
export const linearTimeRegExp = Object.assign(
  (pattern: string, flags: string): LinearTimePattern => {
    let native: RegExp;
    try {
      native = new RegExp(pattern, flags);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(
        `pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${detail}`,
      );
    }
    if (!flags.includes("m") && isLinearUnderBacktracking(pattern)) return native;
    let compiled: RE2JS;
    try {
      compiled = RE2JS.compile(RE2JS.translateRegExp(translateUnicodePropertyEscapes(pattern)));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(
        `pattern ${JSON.stringify(pattern)} cannot run on the linear-time engine RE2 with the same meaning (no lookaround, backreferences or binary Unicode properties): ${detail}`,
      );
    }
    return { test: (text: string) => compiled.test(text), toString: () => `/${pattern}/` };
  },
  // ajv reads `code` only when it generates standalone validation code, which the guard never does.
  { code: 'require("re2js").RE2JS' },
);
