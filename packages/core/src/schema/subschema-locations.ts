import type { JsonSchema } from "./json-schema.js";

/**
 * Where a subschema applies: to the same input value as its parent (`in-place`: `allOf`,
 * `not`, `if`, `dependentSchemas`…), to a child of it (`child`: `properties`, `items`,
 * `contains`…), or nowhere until a `$ref` names it (`definition`: `$defs`, `definitions`). A `child` location names its `childClass`, the children it can apply to:
 * `property:<name>`, `other-properties`, `item:<index>`, `other-items`, `property-names`;
 * `any` applies to every child (patterns, `contains`), which the walker cannot narrow.
 */
export type SubschemaRelation = "in-place" | "child" | "definition";

/** One subschema inside a schema, as {@link subschemaLocations} finds it. */
export interface SubschemaLocation {
  readonly subschema: JsonSchema;
  /** The JSON Pointer segments from the parent schema to the subschema. */
  readonly segments: readonly string[];
  readonly relation: SubschemaRelation;
  readonly childClass?: string;
}

/** The keywords whose value is one subschema, with where it applies. */
const singleSchemaKeywords: Readonly<Record<string, readonly [SubschemaRelation, string?]>> = {
  not: ["in-place"],
  if: ["in-place"],
  // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
  then: ["in-place"],
  else: ["in-place"],
  additionalProperties: ["child", "other-properties"],
  unevaluatedProperties: ["child", "other-properties"],
  propertyNames: ["child", "property-names"],
  additionalItems: ["child", "other-items"],
  unevaluatedItems: ["child", "other-items"],
  contains: ["child", "any"],
};

const schemaListKeywords = ["allOf", "anyOf", "oneOf"] as const;
const schemaMapKeywords = {
  $defs: "definition",
  definitions: "definition",
  dependentSchemas: "in-place",
  dependencies: "in-place",
} as const;

/**
 * Every subschema directly inside `schema`, in every dialect the guard supports: the
 * applicators of draft-07, 2019-09 and 2020-12 (`items` in its tuple and single forms,
 * `prefixItems`, `dependentSchemas` and draft-07's `dependencies`, `if`/`then`/`else`,
 * `unevaluated*`…) and the schema containers `$defs` and `definitions` (which apply only
 * through a `$ref`). Values of `enum`, `const`, `default` and `examples` are
 * data and are not visited. One list, so every check walks the same locations.
 *
 * @example
 * subschemaLocations({ properties: { a: { type: "string" } }, not: true }).map((location) => location.segments);
 * // [["not"], ["properties", "a"]]
 */
export function subschemaLocations(schema: JsonSchema): SubschemaLocation[] {
  if (typeof schema !== "object" || schema === null) return [];
  const record = schema as Record<string, unknown>;
  const locations: SubschemaLocation[] = [];
  const add = (
    value: unknown,
    segments: string[],
    relation: SubschemaRelation,
    childClass?: string,
  ) => {
    if (typeof value === "boolean" || isRecord(value)) {
      locations.push({ subschema: value as JsonSchema, segments, relation, childClass });
    }
  };
  for (const [keyword, [relation, childClass]] of Object.entries(singleSchemaKeywords)) {
    if (Object.hasOwn(record, keyword)) add(record[keyword], [keyword], relation, childClass);
  }
  for (const keyword of schemaListKeywords) {
    const list = record[keyword];
    if (!Array.isArray(list)) continue;
    for (const [index, item] of list.entries()) add(item, [keyword, `${index}`], "in-place");
  }
  for (const [keyword, relation] of Object.entries(schemaMapKeywords)) {
    const map = record[keyword];
    if (!isRecord(map)) continue;
    // `dependencies` also holds arrays of property names (draft-07), which are not schemas.
    for (const key of Object.keys(map)) add(map[key], [keyword, key], relation);
  }
  const properties = record.properties;
  if (isRecord(properties)) {
    for (const key of Object.keys(properties)) {
      add(properties[key], ["properties", key], "child", `property:${key}`);
    }
  }
  const patternProperties = record.patternProperties;
  if (isRecord(patternProperties)) {
    for (const key of Object.keys(patternProperties)) {
      add(patternProperties[key], ["patternProperties", key], "child", "any");
    }
  }
  // A tuple is `prefixItems` (2020-12) or `items` as an array (draft-07, 2019-09).
  const tuple = Array.isArray(record.prefixItems)
    ? { keyword: "prefixItems", list: record.prefixItems as unknown[] }
    : Array.isArray(record.items)
      ? { keyword: "items", list: record.items as unknown[] }
      : undefined;
  tuple?.list.forEach((item, index) => {
    add(item, [tuple.keyword, `${index}`], "child", `item:${index}`);
  });
  if (Object.hasOwn(record, "items") && !Array.isArray(record.items)) {
    add(record.items, ["items"], "child", "other-items");
  }
  return locations;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
