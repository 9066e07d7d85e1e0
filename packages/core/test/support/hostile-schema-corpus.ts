import type { JsonSchema, SchemaDialect } from "../../src/index.js";

/**
 * The hostile-schema corpus: schemas whose validation cost can outgrow the input (the cases of
 * issue 11 and more), each either refused at registration with its reason or decided. Shared by
 * test/hostile-schemas.test.ts (a blow-up bound) and bench/schema-dialects.bench.ts (the cost).
 */
export function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

export interface RefusedCase {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly dialect?: SchemaDialect;
  readonly refused: RegExp;
}

export interface DecidedCase {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly dialect?: SchemaDialect;
  readonly input: () => unknown;
  readonly allowed: boolean;
}

const recursiveBranches = (keyword: "oneOf" | "anyOf" | "allOf") => ({
  $defs: {
    node: {
      [keyword]: [
        { type: "array", items: { $ref: "#/$defs/node" } },
        { type: "array", items: { $ref: "#/$defs/node" } },
        { type: "integer" },
      ],
    },
  },
  $ref: "#/$defs/node",
});

export const refused: RefusedCase[] = [
  {
    name: "a recursive oneOf whose branches both descend",
    schema: recursiveBranches("oneOf"),
    refused: /recursion through \$ref/,
  },
  {
    name: "a recursive anyOf whose branches both descend",
    schema: recursiveBranches("anyOf"),
    refused: /recursion through \$ref/,
  },
  {
    name: "a recursive allOf whose branches both descend",
    schema: recursiveBranches("allOf"),
    refused: /recursion through \$ref/,
  },
  {
    name: "items and contains both recursing into every element",
    schema: { type: "array", items: { $ref: "#" }, contains: { $ref: "#" } },
    refused: /recursion through \$ref/,
  },
  {
    name: "properties and patternProperties both recursing into one property",
    schema: { properties: { a: { $ref: "#" } }, patternProperties: { "^a": { $ref: "#" } } },
    refused: /recursion through \$ref/,
  },
  {
    name: "if and then both recursing (draft-07 definitions)",
    dialect: "draft-07",
    schema: {
      definitions: {
        tree: {
          if: { items: { $ref: "#/definitions/tree" } },
          // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
          then: { items: { $ref: "#/definitions/tree" } },
        },
      },
      $ref: "#/definitions/tree",
    },
    refused: /recursion through \$ref/,
  },
  {
    name: "a $ref cycle that never descends",
    schema: {
      $defs: { a: { $ref: "#/$defs/b" }, b: { allOf: [{ $ref: "#/$defs/a" }] } },
      $ref: "#/$defs/a",
    },
    refused: /cycle that never descends/,
  },
  {
    name: "a $ref into data (a default) used as a schema",
    schema: {
      properties: { a: { default: { items: { $ref: "#" } } } },
      $ref: "#/properties/a/default",
    },
    refused: /does not point at a subschema/,
  },
  {
    name: "a 200 000-value enum",
    schema: { enum: Array.from({ length: 200_000 }, (_, index) => `value-${index}`) },
    refused: /schema too large/,
  },
  {
    name: "a schema nested 200 levels deep",
    schema: JSON.parse(`${'{"not":'.repeat(200)}{}${"}".repeat(200)}`),
    refused: /schema too deeply nested/,
  },
  {
    name: "3 000 subschemas",
    schema: {
      type: "object",
      properties: Object.fromEntries(
        Array.from({ length: 3_000 }, (_, index) => [`p${index}`, { type: "string" }]),
      ),
    },
    refused: /3001 subschemas \(over the limit of 500\)/,
  },
  {
    name: "a 5 000-character pattern",
    schema: { type: "string", pattern: `^${"a?".repeat(2_500)}$` },
    refused: /pattern of 5002 characters/,
  },
  {
    name: "lookahead",
    schema: { type: "string", pattern: "^(?=a)a+$" },
    refused: /cannot run on the linear-time engine RE2/,
  },
  {
    name: "a backreference",
    schema: { type: "string", pattern: "^(a+)\\1$" },
    refused: /cannot run on the linear-time engine RE2/,
  },
  {
    name: "a binary Unicode property",
    schema: { type: "string", pattern: "^\\p{Emoji}+$" },
    refused: /binary property 'Emoji'/,
  },
  {
    name: "Script_Extensions",
    schema: { type: "string", pattern: "^\\p{Script_Extensions=Greek}+$" },
    refused: /no exact equivalent/,
  },
  {
    name: "a bare script name, which ECMAScript rejects",
    schema: { type: "string", pattern: "^\\p{Greek}+$" },
    refused: /not a valid regular expression/,
  },
  {
    name: "draft-04",
    schema: { $schema: "http://json-schema.org/draft-04/schema#", type: "string" },
    refused: /draft-04\/schema#" is not a supported dialect \(supported: .*2020-12/,
  },
];

const manyObjects = () => Array.from({ length: 40_000 }, (_, index) => ({ id: index, tag: "x" }));

export const decided: DecidedCase[] = [
  {
    name: "six bounded quantifiers before @x$ on 200 characters (23 s on the native engine)",
    schema: { type: "string", pattern: `^${"\\w{0,32}".repeat(6)}@x$` },
    input: () => "a".repeat(200),
    allowed: false,
  },
  {
    name: "(a+)+$ on 100 000 characters",
    schema: { type: "string", pattern: "^(a+)+$" },
    input: () => `${"a".repeat(100_000)}b`,
    allowed: false,
  },
  {
    name: "uniqueItems under $defs on 40 000 objects (17 s with ajv's pairwise check)",
    schema: { $defs: { list: { type: "array", uniqueItems: true } }, $ref: "#/$defs/list" },
    input: manyObjects,
    allowed: true,
  },
  {
    name: "uniqueItems with tuple items (draft-07) on 40 000 objects",
    dialect: "draft-07",
    schema: {
      type: "array",
      uniqueItems: true,
      items: [{ type: "object" }],
      additionalItems: { type: "object" },
    },
    input: manyObjects,
    allowed: true,
  },
  {
    name: "uniqueItems with prefixItems (2020-12) on 40 000 objects, one duplicate at the end",
    schema: { type: "array", uniqueItems: true, prefixItems: [{ type: "object" }] },
    input: () => [...manyObjects(), { tag: "x", id: 0 }],
    allowed: false,
  },
  {
    name: "a 10 000-value enum",
    schema: { enum: Array.from({ length: 10_000 }, (_, index) => `value-${index}`) },
    input: () => "value-9999",
    allowed: true,
  },
  {
    name: "a recursive tree, 60 levels of input",
    schema: {
      $defs: { tree: { type: "array", items: { $ref: "#/$defs/tree" } } },
      $ref: "#/$defs/tree",
    },
    input: () => nested(60, []),
    allowed: true,
  },
  {
    name: "a JSON-value schema (properties and additionalProperties recursing: one applies per key)",
    schema: {
      $defs: {
        v: {
          properties: { a: { $ref: "#/$defs/v" } },
          additionalProperties: { $ref: "#/$defs/v" },
          items: { $ref: "#/$defs/v" },
        },
      },
      $ref: "#/$defs/v",
    },
    input: () => nested(60, { a: { b: [1] } }),
    allowed: true,
  },
  ...[
    "email",
    "uri",
    "uri-reference",
    "hostname",
    "date-time",
    "ipv6",
    "uuid",
    "json-pointer",
    "iri-reference-free" as const,
  ]
    .filter((format) => format !== "iri-reference-free")
    .map((format) => ({
      name: `format ${format} on 200 000 characters`,
      schema: { type: "string", format } as JsonSchema,
      input: () => `${"a".repeat(100_000)}@${"-".repeat(100_000)}`,
      // A relative reference may contain "@" and "-"; nothing else here is valid.
      allowed: format === "uri-reference",
    })),
  {
    name: "100 patternProperties against 5 000 keys",
    schema: {
      type: "object",
      patternProperties: Object.fromEntries(
        Array.from({ length: 100 }, (_, index) => [`^k${index}_`, { type: "string" }]),
      ),
    },
    input: () =>
      Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`key${index}`, "v"])),
    allowed: true,
  },
  {
    name: "multipleOf 1e-300 on a huge number",
    schema: { type: "number", multipleOf: 1e-300 },
    input: () => 1e300,
    allowed: false,
  },
  {
    name: "contains with a large minContains",
    schema: { type: "array", contains: { const: 1 }, minContains: 1_000_000 },
    input: () => Array.from({ length: 100_000 }, () => 1),
    allowed: false,
  },
];
