import { RE2JS } from "re2js";

// ECMAScript's General_Category long names and aliases, by RE2's short name.
const generalCategories: Readonly<Record<string, readonly string[]>> = {
  L: ["Letter"],
  LC: ["Cased_Letter"],
  Lu: ["Uppercase_Letter"],
  Ll: ["Lowercase_Letter"],
  Lt: ["Titlecase_Letter"],
  Lm: ["Modifier_Letter"],
  Lo: ["Other_Letter"],
  M: ["Mark", "Combining_Mark"],
  Mn: ["Nonspacing_Mark"],
  Mc: ["Spacing_Mark"],
  Me: ["Enclosing_Mark"],
  N: ["Number"],
  Nd: ["Decimal_Number", "digit"],
  Nl: ["Letter_Number"],
  No: ["Other_Number"],
  P: ["Punctuation", "punct"],
  Pc: ["Connector_Punctuation"],
  Pd: ["Dash_Punctuation"],
  Ps: ["Open_Punctuation"],
  Pe: ["Close_Punctuation"],
  Pi: ["Initial_Punctuation"],
  Pf: ["Final_Punctuation"],
  Po: ["Other_Punctuation"],
  S: ["Symbol"],
  Sm: ["Math_Symbol"],
  Sc: ["Currency_Symbol"],
  Sk: ["Modifier_Symbol"],
  So: ["Other_Symbol"],
  Z: ["Separator"],
  Zs: ["Space_Separator"],
  Zl: ["Line_Separator"],
  Zp: ["Paragraph_Separator"],
  C: ["Other"],
  Cc: ["Control", "cntrl"],
  Cf: ["Format"],
  Cs: ["Surrogate"],
  Co: ["Private_Use"],
  Cn: ["Unassigned"],
};

const knownScripts = new Map<string, boolean>();

/**
 * True when RE2 runs `name` as a script (`Greek`, `Latin`, `Old_Italic`: RE2 knows the long
 * names only). The pattern was valid ECMAScript already, so `name` is a script there too.
 */
function isRe2Script(name: string): boolean {
  let known = knownScripts.get(name);
  if (known === undefined) {
    known = /^[A-Za-z_]+$/.test(name) && compiles(`\\p{${name}}`);
    knownScripts.set(name, known);
  }
  return known;
}

function compiles(pattern: string): boolean {
  try {
    RE2JS.compile(pattern);
    return true;
  } catch {
    return false;
  }
}

const shortCategory = new Map<string, string>();
for (const [short, aliases] of Object.entries(generalCategories)) {
  shortCategory.set(short, short);
  for (const alias of aliases) shortCategory.set(alias, short);
}

/**
 * Rewrites the ECMAScript Unicode property escapes of a `pattern` (always a `u`-flag regular
 * expression in JSON Schema) into the spelling RE2 runs with the same meaning:
 * `\p{Letter}` → `\p{L}`, `\p{General_Category=Lu}` → `\p{Lu}`, `\p{Script=Greek}` →
 * `\p{Greek}`. Throws an `Error` naming an escape RE2 has no exact equivalent for: binary
 * properties (`\p{Emoji}`, `\p{Alphabetic}`), `Script_Extensions`, and script aliases
 * such as `Grek`. Other text, escaped backslashes included, is left alone. `isScript` says
 * which script names RE2 runs (by default: asks RE2).
 *
 * @example
 * translateUnicodePropertyEscapes("^\\p{Letter}+$"); // "^\\p{L}+$"
 * translateUnicodePropertyEscapes("\\P{Script=Greek}"); // "\\P{Greek}"
 */
export function translateUnicodePropertyEscapes(
  pattern: string,
  isScript: (name: string) => boolean = isRe2Script,
): string {
  return pattern.replace(/\\\\|\\([pP])\{([^}]*)\}/g, (whole, letter: string, body: string) => {
    if (letter === undefined) return whole;
    const [name = "", value] = body.split("=", 2);
    if (value === undefined) {
      const category = shortCategory.get(name);
      if (category !== undefined) return `\\${letter}{${category}}`;
      if (name === "Any") return whole;
      throw new Error(
        `\\${letter}{${body}}: RE2 has no exact equivalent of the binary property '${name}' (it runs General_Category values such as \\p{L} and scripts such as \\p{Script=Greek})`,
      );
    }
    if (name === "General_Category" || name === "gc") {
      const category = shortCategory.get(value);
      if (category !== undefined) return `\\${letter}{${category}}`;
    }
    if ((name === "Script" || name === "sc") && isScript(value)) return `\\${letter}{${value}}`;
    throw new Error(
      `\\${letter}{${body}}: RE2 has no exact equivalent (it runs General_Category values and scripts by their long names, as in \\p{Script=Greek}; not Script_Extensions or four-letter aliases such as Grek)`,
    );
  });
}
