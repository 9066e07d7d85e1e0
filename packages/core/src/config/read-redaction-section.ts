import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { AuditRedactor, type RedactionOptions } from "../redaction/audit-redactor.js";
import { parseRedactionPath } from "../redaction/redaction-path.js";

type Path = readonly (string | number)[];

/**
 * Checks a schema-valid `redaction` section beyond its JSON Schema: every path parses, and no
 * secret key is lost to normalisation (keys are compared lower-cased, without `-`, `_`, `.`
 * and spaces, so `"--"` would match nothing). `false` stays `false`.
 *
 * @example
 * readRedactionSection({ paths: ["$.card["] }, fail);
 * // fail(["redaction", "paths", 0], 'redaction path "$.card[": expected …')
 */
export function readRedactionSection(
  section: RedactionOptions | false,
  fail: (path: Path, problem: string) => never,
): RedactionOptions | false {
  if (section === false) return false;
  for (const [index, path] of (section.paths ?? []).entries()) {
    try {
      parseRedactionPath(path);
    } catch (error) {
      if (!InvalidOptionError.isInstance(error)) throw error;
      fail(["redaction", "paths", index], error.message);
    }
  }
  for (const [index, key] of (section.secretKeys ?? []).entries()) {
    if (key.replace(/[-_.\s]/g, "") === "") {
      fail(
        ["redaction", "secretKeys", index],
        "would match nothing: keys are compared without '-', '_', '.' and spaces",
      );
    }
  }
  try {
    new AuditRedactor(section);
  } catch (error) {
    if (!InvalidOptionError.isInstance(error)) throw error;
    fail(["redaction"], error.message);
  }
  return section;
}
