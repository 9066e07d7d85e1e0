import { toWellFormedText } from "./well-formed-text.js";

/** How many characters of a caller-supplied value a reason quotes at most. */
export const MAX_QUOTED_LENGTH = 120;

const unsafeCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A caller-supplied value (a connector name, an agent id, a property name) made safe to quote
 * in a reason: control, line-breaking and bidi characters escaped, so a reason stays one
 * honest line in a log, and cut to `maxLength` characters with a note of the full length.
 *
 * @example
 * reasonText("evil\nconnector"); // "evil\\nconnector"
 * reasonText("x".repeat(10_000)).length; // about 140
 */
export function reasonText(value: string, maxLength = MAX_QUOTED_LENGTH): string {
  const cut = value.length > maxLength ? value.slice(0, maxLength) : value;
  const escaped = cut.replace(unsafeCharacters, (character) =>
    character === "\n" ? "\\n" : `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  const whole = toWellFormedText(escaped);
  return cut.length === value.length ? whole : `${whole}…(${value.length} chars)`;
}
