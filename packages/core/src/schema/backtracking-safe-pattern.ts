// Bounded variable quantifiers multiply the ways to split an input; this caps their product.
const maxCombinations = 64;

/**
 * True when a backtracking engine (the native `RegExp`) is guaranteed to match `pattern` in
 * time linear in the input, by a deliberately small grammar: anchored at the start (`^`), no
 * groups, alternation, lookaround, backreferences or lazy quantifiers; every quantifier
 * applies to a single character, escape or class; at most one quantifier is unbounded (`*`,
 * `+`, `{m,}`); and the bounded variable ones (`?`, `{m,n}`) allow at most 64 combinations of
 * widths together (six `\w{0,32}` in a row allow 33^6: 23 s for 200 characters). Proof: one
 * attempt, at position 0 (anchored, no `m` flag); without groups or alternation, backtracking
 * tries each assignment of widths to the quantifiers at most once — at most (input length + 1)
 * widths for the unbounded one times 64 for the rest — and each costs at most (pattern length)
 * steps: linear in the input. Anything else answers false and runs on RE2.
 *
 * @example
 * isLinearUnderBacktracking("^A-\\d+$"); // true  — zod's z.string().regex(/^A-\d+$/)
 * isLinearUnderBacktracking("^\\d+\\d+$"); // false — two unbounded quantifiers: quadratic
 * isLinearUnderBacktracking("^\\w{0,32}\\w{0,32}@x$"); // false — bounded, but 33 × 33 combinations
 * isLinearUnderBacktracking("^(a+)+$"); // false — a group
 */
export function isLinearUnderBacktracking(pattern: string): boolean {
  if (!pattern.startsWith("^")) return false;
  let index = 1;
  let unbounded = 0;
  let combinations = 1;
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (char === "$" && index === pattern.length - 1) return true;
    const atomEnd = endOfAtom(pattern, index);
    if (atomEnd === undefined) return false;
    index = atomEnd;
    const quantifier = readQuantifier(pattern, index);
    if (quantifier === undefined) return false;
    index = quantifier.end;
    if (quantifier.widths === Number.POSITIVE_INFINITY) unbounded++;
    else combinations *= quantifier.widths;
    if (unbounded > 1 || combinations > maxCombinations) return false;
  }
  return true;
}

/** Where the single-character atom starting at `index` ends, or undefined if it is not one. */
function endOfAtom(pattern: string, index: number): number | undefined {
  const char = pattern[index] as string;
  if ("()|?*+{}^$".includes(char)) return undefined;
  if (char === "\\") {
    const escaped = pattern[index + 1];
    // Letters other than the classes below may be backreferences (\1, \k), assertions (\b)
    // or property escapes (\p{…}); only plain escapes of punctuation and these classes pass.
    if (escaped === undefined) return undefined;
    if ("dDwWsS".includes(escaped) || /^[^\p{L}\p{N}]$/u.test(escaped)) return index + 2;
    return undefined;
  }
  if (char === "[") {
    let cursor = index + 1;
    if (pattern[cursor] === "^") cursor++;
    if (pattern[cursor] === "]") return undefined;
    while (cursor < pattern.length) {
      const inClass = pattern[cursor] as string;
      if (inClass === "]") return cursor + 1;
      if (inClass === "[") return undefined; // v-mode set operations and nested classes
      if (inClass === "\\") {
        const escaped = pattern[cursor + 1];
        if (escaped === undefined) return undefined;
        if (!("dDwWsS".includes(escaped) || /^[^\p{L}\p{N}]$/u.test(escaped))) return undefined;
        cursor += 2;
        continue;
      }
      cursor++;
    }
    return undefined;
  }
  // A literal, or `.`: one character either way. Surrogate pairs are one character under `u`.
  const codePoint = pattern.codePointAt(index) as number;
  return index + (codePoint > 0xffff ? 2 : 1);
}

/** The quantifier at `index` (none is a quantifier of one), or undefined if it is unsafe. */
function readQuantifier(
  pattern: string,
  index: number,
): { end: number; widths: number } | undefined {
  const char = pattern[index];
  let end: number;
  let widths: number;
  if (char === "?") {
    end = index + 1;
    widths = 2;
  } else if (char === "*" || char === "+") {
    end = index + 1;
    widths = Number.POSITIVE_INFINITY;
  } else if (char === "{") {
    const match = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(pattern.slice(index, index + 16));
    if (match === null) return undefined;
    end = index + match[0].length;
    const low = Number(match[1]);
    const high =
      match[2] === undefined ? low : match[3] === "" ? Number.POSITIVE_INFINITY : Number(match[3]);
    if (high < low) return undefined;
    widths = high - low + 1;
  } else {
    return { end: index, widths: 1 };
  }
  // Lazy and possessive-looking suffixes, or a quantifier on a quantifier, are not in the grammar.
  const next = pattern[end];
  if (next !== undefined && "?*+{".includes(next)) return undefined;
  return { end, widths };
}
