import { describe, expect, it } from "vitest";
import {
  ConnectorRegistry,
  ConnectorSchemaError,
  createGuard,
  DEFAULT_SCHEMA_DIALECT,
  InvalidOptionError,
  type JsonSchema,
  type SchemaDialect,
  schemaDialectOf,
} from "./support/core-internals.js";

// A schema whose verdict differs by dialect: 2020-12 reads `prefixItems` and a single `items`
// for the rest; draft-07 and 2019-09 have no `prefixItems` (an unknown keyword there).
const tupleSchema = { type: "array", prefixItems: [{ type: "string" }], items: { type: "number" } };

async function decide(schema: JsonSchema, input: unknown, schemaDialect?: SchemaDialect) {
  const guard = createGuard({
    schemaDialect,
    connectors: [{ name: "tool", version: "1", inputSchema: schema }],
  });
  return guard.check({ connectorName: "tool", inputData: input });
}

describe("schema dialects", () => {
  it.each([
    ["http://json-schema.org/draft-07/schema#", "draft-07"],
    ["http://json-schema.org/draft-07/schema", "draft-07"],
    ["https://json-schema.org/draft-07/schema#", "draft-07"],
    ["https://json-schema.org/draft/2019-09/schema", "2019-09"],
    ["http://json-schema.org/draft/2019-09/schema#", "2019-09"],
    ["https://json-schema.org/draft/2020-12/schema", "2020-12"],
    ["https://json-schema.org/draft/2020-12/schema#", "2020-12"],
    ["http://json-schema.org/draft/2020-12/schema", "2020-12"],
  ] as const)("reads $schema %s as %s, and registers a schema declaring it", (uri, dialect) => {
    expect(schemaDialectOf({ $schema: uri }, "2020-12")).toBe(dialect);
    const registry = new ConnectorRegistry();
    expect(() =>
      registry.register({ name: "t", version: "1", inputSchema: { $schema: uri, type: "string" } }),
    ).not.toThrow();
  });

  it.each([
    "http://json-schema.org/draft-04/schema#",
    "http://json-schema.org/draft-06/schema#",
    "http://json-schema.org/schema#",
    "https://example.com/my-meta-schema",
  ])("refuses $schema %s, naming it and the supported dialects", (uri) => {
    const registry = new ConnectorRegistry();
    expect(() =>
      registry.register({
        name: "old",
        version: "1",
        inputSchema: { $schema: uri, type: "string" },
      }),
    ).toThrow(
      `connector 'old': inputSchema is not a valid JSON Schema: $schema "${uri}" is not a supported dialect (supported: https://json-schema.org/draft-07/schema, https://json-schema.org/draft/2019-09/schema, https://json-schema.org/draft/2020-12/schema; http and a trailing '#' are accepted too)`,
    );
  });

  it("reads a schema without $schema as 2020-12 by default, or in the guard's schemaDialect", async () => {
    expect(DEFAULT_SCHEMA_DIALECT).toBe("2020-12");
    expect((await decide(tupleSchema, ["a", 1])).allowed).toBe(true);
    expect((await decide(tupleSchema, ["a", "b"])).reason).toBe(
      "input validation failed: /1 must be number",
    );
    expect(() =>
      createGuard({
        schemaDialect: "draft-07",
        connectors: [{ name: "t", version: "1", inputSchema: tupleSchema }],
      }),
    ).toThrow(/unknown keyword "prefixItems"/);
    const draft07Tuple = {
      type: "array",
      items: [{ type: "string" }],
      additionalItems: { type: "number" },
    };
    expect((await decide(draft07Tuple, ["a", 1], "draft-07")).allowed).toBe(true);
    expect((await decide(draft07Tuple, ["a", "b"], "draft-07")).allowed).toBe(false);
    expect(new ConnectorRegistry({ schemaDialect: "2019-09" }).schemaDialect).toBe("2019-09");
  });

  it("lets $schema win over schemaDialect", async () => {
    const declared = { $schema: "https://json-schema.org/draft/2020-12/schema", ...tupleSchema };
    expect((await decide(declared, ["a", "b"], "draft-07")).allowed).toBe(false);
  });

  it("refuses an unknown schemaDialect option", () => {
    expect(() =>
      createGuard({ schemaDialect: "draft-04" as SchemaDialect, connectors: [] }),
    ).toThrow(InvalidOptionError);
    expect(() => new ConnectorRegistry({ schemaDialect: "4" as SchemaDialect })).toThrow(
      'schemaDialect must be one of "draft-07", "2019-09", "2020-12" (got "4")',
    );
  });

  it("compiles the 2020-12 keywords draft-07 lacks", async () => {
    const schema = {
      type: "object",
      properties: { kind: { type: "string" } },
      dependentRequired: { card: ["cvv"] },
      dependentSchemas: { refund: { required: ["reason"] } },
      unevaluatedProperties: false,
      $defs: { positive: { type: "number", exclusiveMinimum: 0 } },
      patternProperties: { "^(card|cvv|refund|reason)$": true },
    };
    expect((await decide(schema, { kind: "a", card: "1" })).reason).toBe(
      "input validation failed: must have property cvv when property card is present",
    );
    expect((await decide(schema, { kind: "a", refund: 1 })).reason).toBe(
      "input validation failed: must have required property 'reason'",
    );
    expect((await decide(schema, { kind: "a", extra: 1 })).reason).toBe(
      "input validation failed: must NOT have unevaluated properties",
    );
    expect(
      (await decide({ type: "array", contains: { const: 1 }, minContains: 2 }, [1, 2])).allowed,
    ).toBe(false);
  });
});

describe("schemas compile in isolation", () => {
  it("lets two connectors share an $id, even with different schemas", async () => {
    const guard = createGuard({
      connectors: [
        {
          name: "a",
          version: "1",
          inputSchema: { $id: "https://tools.example/input", type: "string" },
        },
        {
          name: "b",
          version: "1",
          inputSchema: { $id: "https://tools.example/input", type: "number" },
        },
        {
          name: "c",
          version: "1",
          inputSchema: { $id: "https://tools.example/input", type: "string" },
        },
      ],
    });
    expect((await guard.check({ connectorName: "a", inputData: "x" })).allowed).toBe(true);
    expect((await guard.check({ connectorName: "b", inputData: "x" })).allowed).toBe(false);
    expect((await guard.check({ connectorName: "b", inputData: 1 })).allowed).toBe(true);
    expect((await guard.check({ connectorName: "c", inputData: "x" })).allowed).toBe(true);
  });

  it("does not let one schema reach into another through an $id", () => {
    const registry = new ConnectorRegistry();
    registry.register({
      name: "defines",
      version: "1",
      inputSchema: { $id: "https://tools.example/shared", $defs: { secret: { type: "string" } } },
    });
    expect(() =>
      registry.register({
        name: "borrows",
        version: "1",
        inputSchema: { $ref: "https://tools.example/shared#/$defs/secret" },
      }),
    ).toThrow(/can't resolve reference/);
  });
});

describe("strict where it catches mistakes", () => {
  it("refuses an unknown keyword, naming it and the connector", () => {
    const registry = new ConnectorRegistry();
    expect(() =>
      registry.register({
        name: "lookup",
        version: "1",
        inputSchema: { type: "object", propertes: { id: { type: "string" } } },
      }),
    ).toThrow(
      `connector 'lookup': inputSchema is not a valid JSON Schema: unknown keyword "propertes" at the top level (did you mean "properties"?)`,
    );
    expect(() =>
      registry.register({
        name: "mail",
        version: "1",
        inputSchema: { type: "string", format: "e-mail" },
      }),
    ).toThrow(/unknown format "e-mail"/);
  });

  it.each([
    ["a lone if", { if: { type: "string" } }, "2020-12"],
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
    ["then without if", { then: { type: "string" } }, "2020-12"],
    [
      "additionalItems beside a single items (2019-09)",
      { items: { type: "string" }, additionalItems: false },
      "2019-09",
    ],
    [
      "additionalItems beside a single items (draft-07)",
      { items: { type: "string" }, additionalItems: false },
      "draft-07",
    ],
    [
      "a property that also matches a pattern",
      { properties: { id: { type: "string" } }, patternProperties: { "^i": { minLength: 2 } } },
      "2020-12",
    ],
    ["required without properties", { required: ["prompt"] }, "2020-12"],
    ["a union type", { type: ["string", "null"], minLength: 1 }, "2020-12"],
    ["minContains without contains", { minContains: 1 }, "2020-12"],
  ] as const)("registers %s", (_name, schema, schemaDialect) => {
    expect(() =>
      new ConnectorRegistry({ schemaDialect }).register({
        name: "legal",
        version: "1",
        inputSchema: schema,
      }),
    ).not.toThrow();
  });

  it("decides a property matched by properties and patternProperties by both", async () => {
    const schema = {
      properties: { id: { type: "string" } },
      patternProperties: { "^i": { minLength: 2 } },
    };
    expect((await decide(schema, { id: "x" })).allowed).toBe(false);
    expect((await decide(schema, { id: "xy" })).allowed).toBe(true);
  });

  it("refuses a schema that is not one, with ajv's reason", () => {
    expect(() =>
      new ConnectorRegistry().register({
        name: "bad",
        version: "1",
        inputSchema: { type: "strnig" },
      }),
    ).toThrow(ConnectorSchemaError);
  });
});
