import type { Ajv, ErrorObject, KeywordDefinition } from "ajv";
import { canonicalJsonKey } from "./canonical-json-key.js";

type KeywordCheck = ((data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] };

/**
 * `enum` as one hash lookup: ajv's own `enum` compares the input with every listed value in
 * turn, so a 40 000-value enum costs 40 000 deep comparisons per call (and its compiled code
 * takes seconds to build). The denial names the values; `describeSchemaErrors` shows a few.
 */
const enumKeyword: KeywordDefinition = {
  keyword: "enum",
  schemaType: "array",
  errors: true,
  compile(values: readonly unknown[]) {
    // Scalars are looked up as they are (a Set tells 1 from "1", and 0 from false); objects and
    // arrays by their canonical text, so key order does not matter.
    const scalars = new Set(values.filter((value) => !isComposite(value)));
    const composites = new Set(values.filter(isComposite).map((value) => canonicalJsonKey(value)));
    const check: KeywordCheck = (data) => {
      if (isComposite(data)) {
        if (composites.size > 0) {
          const key = canonicalJsonKey(data);
          if (key !== undefined && composites.has(key)) return true;
        }
      } else if (scalars.has(data)) {
        return true;
      }
      check.errors = [
        {
          keyword: "enum",
          message: "must be equal to one of the allowed values",
          params: { allowedValues: values },
        },
      ];
      return false;
    };
    return check;
  },
};

/**
 * `uniqueItems` in one pass with a hash set: ajv's own check compares every pair of items
 * unless their type is a declared scalar — quadratic, 17 s for 40 000 small objects. Items
 * that are not JSON (a function, a class instance) count as distinct.
 */
const uniqueItemsKeyword: KeywordDefinition = {
  keyword: "uniqueItems",
  type: "array",
  schemaType: "boolean",
  errors: true,
  compile(unique: boolean) {
    const check: KeywordCheck = (data) => {
      if (!unique || !Array.isArray(data)) return true;
      // Scalars are their own keys (a Map tells 1 from "1"); objects and arrays are keyed by
      // their canonical text, in a Map of their own so that no string can pose as one.
      const scalars = new Map<unknown, number>();
      const composites = new Map<string, number>();
      for (let index = 0; index < data.length; index++) {
        const item: unknown = data[index];
        const key = isComposite(item) ? canonicalJsonKey(item) : item;
        if (key === undefined) continue;
        const seen = isComposite(item) ? composites : scalars;
        const earlier = seen.get(key as string);
        if (earlier !== undefined) {
          check.errors = [
            {
              keyword: "uniqueItems",
              message: `must NOT have duplicate items (items ## ${earlier} and ${index} are identical)`,
              params: { i: index, j: earlier },
            },
          ];
          return false;
        }
        seen.set(key as string, index);
      }
      return true;
    };
    return check;
  },
};

function isComposite(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/**
 * Replaces ajv's `enum` and `uniqueItems` with versions whose cost is linear in the input,
 * whatever the schema: a hash lookup per value, a hash set per array.
 *
 * @example
 * const ajv = new Ajv2020();
 * useConstantTimeKeywords(ajv);
 * ajv.compile({ enum: hugeList }); // one Set, built once
 */
export function useConstantTimeKeywords(ajv: Ajv): void {
  for (const definition of [enumKeyword, uniqueItemsKeyword]) {
    ajv.removeKeyword(definition.keyword as string);
    ajv.addKeyword(definition);
  }
}
