const schemaTypes = ["array", "boolean", "integer", "null", "number", "object", "string"];

// The keywords a misspelling is most likely of, for a "did you mean" hint.
const commonKeywords = [
  "$defs",
  "$id",
  "$ref",
  "$schema",
  "additionalItems",
  "additionalProperties",
  "allOf",
  "anyOf",
  "const",
  "contains",
  "default",
  "definitions",
  "dependentRequired",
  "dependentSchemas",
  "description",
  "else",
  "enum",
  "examples",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "format",
  "if",
  "items",
  "maxItems",
  "maxLength",
  "maxProperties",
  "maximum",
  "minItems",
  "minLength",
  "minProperties",
  "minimum",
  "multipleOf",
  "not",
  "oneOf",
  "pattern",
  "patternProperties",
  "prefixItems",
  "properties",
  "propertyNames",
  "required",
  "then",
  "title",
  "type",
  "unevaluatedItems",
  "unevaluatedProperties",
  "uniqueItems",
];

/**
 * Why ajv refused a JSON Schema, in words for the person who wrote it: where (a JSON Pointer
 * into the schema) and what, instead of ajv's `data/properties/x/type must be equal to one of
 * the allowed values, data/properties/x/type must be array, …`.
 *
 * @example
 * describeInvalidSchema(new Error('strict mode: unknown keyword: "propertes"'), { propertes: {} });
 * // 'unknown keyword "propertes" at the top level (did you mean "properties"?)'
 */
export function describeInvalidSchema(error: unknown, schema: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknownKeyword = /^strict mode: unknown keyword: "(.*)"$/.exec(message);
  if (unknownKeyword !== null) {
    const keyword = unknownKeyword[1] as string;
    const where = findKey(schema, keyword, "");
    const guess = closestKeyword(keyword);
    return `unknown keyword "${keyword}" ${where === undefined || where === "" ? "at the top level" : `at ${where}`}${guess === undefined ? " (strict mode accepts JSON Schema keywords only)" : ` (did you mean "${guess}"?)`}`;
  }
  const unknownFormat = /^unknown format "(.*)" ignored in schema at path "#(.*)"$/.exec(message);
  if (unknownFormat !== null) {
    return `unknown format "${unknownFormat[1]}" at ${unknownFormat[2] || "the top level"}`;
  }
  const invalid = /^schema is invalid: (.*)$/s.exec(message);
  if (invalid !== null) {
    // ajv lists every alternative it tried; the first names the place and the problem.
    const first = (invalid[1] as string).split(/, (?=data[/ ])/)[0] as string;
    const parts = /^data(\S*) (.*)$/.exec(first);
    if (parts === null) return first;
    const pointer = parts[1] as string;
    const value = valueAt(schema, pointer);
    const where = pointer === "" ? "the schema" : pointer;
    if (pointer.endsWith("/type")) {
      return `${where}: ${JSON.stringify(value)} is not a JSON Schema type (use one of ${schemaTypes.join(", ")}, or a list of them)`;
    }
    return `${where} ${parts[2]} (got ${JSON.stringify(value) ?? "nothing"})`;
  }
  return message;
}

function findKey(node: unknown, key: string, pointer: string): string | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  if (!Array.isArray(node) && Object.hasOwn(node, key)) return pointer;
  for (const [child, value] of Object.entries(node)) {
    const found = findKey(
      value,
      key,
      `${pointer}/${child.replace(/~/g, "~0").replace(/\//g, "~1")}`,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

function valueAt(node: unknown, pointer: string): unknown {
  let current = node;
  for (const segment of pointer.split("/").slice(1)) {
    const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    current = (current as Record<string, unknown> | undefined)?.[key];
  }
  return current;
}

function closestKeyword(word: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const keyword of commonKeywords) {
    const distance = editDistance(word.toLowerCase(), keyword.toLowerCase());
    if (distance < bestDistance) {
      best = keyword;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution =
        (previous[column - 1] as number) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(
        Math.min(
          (previous[column] as number) + 1,
          (current[column - 1] as number) + 1,
          substitution,
        ),
      );
    }
    previous = current;
  }
  return previous[right.length] as number;
}
