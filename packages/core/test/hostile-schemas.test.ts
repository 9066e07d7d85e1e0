import { describe, expect, it } from "vitest";
import {
  ConnectorSchemaError,
  createGuard,
  type JsonSchema,
  type SchemaDialect,
} from "../src/index.js";

// A generous bound that catches a blow-up (seconds, minutes), not a performance assertion:
// the benchmark measures the real cost (bench/schema-dialects.bench.ts).
const blowUpBoundMs = 1_000;

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

interface RefusedCase {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly dialect?: SchemaDialect;
  readonly refused: RegExp;
}

interface DecidedCase {
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

const refused: RefusedCase[] = [
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
    refused: /3001 subschemas \(over the limit of 2000\)/,
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

const decided: DecidedCase[] = [
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

describe("hostile schemas", () => {
  it.each(refused)(
    "refuses $name at registration, with its reason",
    ({ schema, dialect, refused: reason }) => {
      const startedAt = performance.now();
      let error: unknown;
      try {
        createGuard({
          schemaDialect: dialect,
          connectors: [{ name: "hostile", version: "1", inputSchema: schema }],
        });
      } catch (thrown) {
        error = thrown;
      }
      expect(performance.now() - startedAt).toBeLessThan(blowUpBoundMs * 5);
      expect(ConnectorSchemaError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /^connector 'hostile': inputSchema is not a valid JSON Schema: /,
      );
      expect((error as Error).message).toMatch(reason);
    },
  );

  it.each(decided)(
    "decides $name within the blow-up bound",
    async ({ schema, dialect, input, allowed }) => {
      const guard = createGuard({
        schemaDialect: dialect,
        redaction: false,
        connectors: [{ name: "hostile", version: "1", inputSchema: schema }],
      });
      const data = input();
      const startedAt = performance.now();
      const result = await guard.check({ connectorName: "hostile", inputData: data });
      expect(performance.now() - startedAt).toBeLessThan(blowUpBoundMs);
      expect({ allowed: result.allowed, reason: result.reason }).toMatchObject({ allowed });
    },
  );

  it("caps an enum's denial reason at a few values and how many more", async () => {
    const guard = createGuard({
      connectors: [
        {
          name: "pick",
          version: "1",
          inputSchema: { enum: Array.from({ length: 10_000 }, (_, index) => `value-${index}`) },
        },
      ],
    });
    const result = await guard.check({ connectorName: "pick", inputData: "nope" });
    expect(result.reason).toBe(
      'input validation failed: must be equal to one of the allowed values ("value-0", "value-1", "value-2", "value-3", "value-4", 9995 more)',
    );
  });

  it("runs the ECMAScript property escapes RE2 has with the same meaning", async () => {
    const guard = createGuard({
      connectors: [
        {
          name: "letters",
          version: "1",
          inputSchema: { type: "string", pattern: "^\\p{Letter}+$" },
        },
        {
          name: "greek",
          version: "1",
          inputSchema: { type: "string", pattern: "^\\p{Script=Greek}+$" },
        },
        {
          name: "not-upper",
          version: "1",
          inputSchema: { type: "string", pattern: "^\\P{General_Category=Uppercase_Letter}+$" },
        },
      ],
    });
    const allowed = async (connectorName: string, inputData: string) =>
      (await guard.check({ connectorName, inputData })).allowed;
    expect(await allowed("letters", "héllo")).toBe(true);
    expect(await allowed("letters", "h3llo")).toBe(false);
    expect(await allowed("greek", "αβγ")).toBe(true);
    expect(await allowed("greek", "abc")).toBe(false);
    expect(await allowed("not-upper", "abc")).toBe(true);
    expect(await allowed("not-upper", "aBc")).toBe(false);
  });
});
