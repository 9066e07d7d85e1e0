import { ConnectorSchemaError, createGuard, InvalidOptionError } from "@aumai/connectorguard";
import { DynamicTool, tool } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { connectorsFromTools, toolInputSchema } from "../src/index.js";

const refund = tool(async () => "ok", {
  name: "refund_payment",
  description: "Refund a payment.",
  schema: z.object({
    orderId: z.string().regex(/^A-\d+$/),
    amount: z.number().positive().max(500),
    reason: z.string().default("damaged"),
  }),
});

describe("toolInputSchema", () => {
  it("turns a zod 4 schema into 2020-12 JSON Schema of the input side, as z.toJSONSchema writes it", () => {
    expect(toolInputSchema(refund)).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        orderId: { type: "string", pattern: "^A-\\d+$" },
        amount: { type: "number", exclusiveMinimum: 0, maximum: 500 },
        reason: { type: "string", default: "damaged" },
      },
      // A field with a default may be left out by the model.
      required: ["orderId", "amount"],
      additionalProperties: false,
    });
  });

  it("handles zod 3, JSON Schema and string tools", () => {
    const legacy = tool(async () => "ok", {
      name: "legacy",
      schema: z3.object({ count: z3.number().int() }),
    });
    expect(toolInputSchema(legacy)).toMatchObject({
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { count: { type: "integer" } },
      required: ["count"],
    });
    const jsonSchema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { query: { type: "string" } },
    };
    expect(toolInputSchema({ name: "search", schema: jsonSchema })).toBe(jsonSchema);
    const echo = new DynamicTool({
      name: "echo",
      description: "Echo.",
      func: async (text) => text,
    });
    expect(toolInputSchema(echo)).toMatchObject({
      type: "object",
      properties: { input: { type: "string" } },
    });
    expect(toolInputSchema({ name: "bare" })).toBeUndefined();
  });

  it("names the tool when its schema cannot become JSON Schema", () => {
    const dated = tool(async () => "ok", { name: "dated", schema: z.object({ at: z.date() }) });
    expect(() => toolInputSchema(dated)).toThrow(ConnectorSchemaError);
    expect(() => toolInputSchema(dated)).toThrow(
      "tool 'dated': its schema cannot be expressed as JSON Schema for the guard: Date cannot be represented in JSON Schema",
    );
  });
});

describe("connectorsFromTools", () => {
  it("derives one connector per tool, with defaults and per-tool overrides", () => {
    const lookup = tool(async () => "ok", {
      name: "lookup_order",
      schema: z.object({ orderId: z.string() }),
    });
    const connectors = connectorsFromTools([lookup, refund], {
      version: "2.0.0",
      rateLimit: 30,
      requiredPermissions: ["support"],
      overrides: { refund_payment: { requiredPermissions: ["payments:write"], rateLimit: 5 } },
    });
    expect(connectors.map(({ inputSchema: _schema, ...rest }) => rest)).toEqual([
      { name: "lookup_order", version: "2.0.0", rateLimit: 30, requiredPermissions: ["support"] },
      {
        name: "refund_payment",
        version: "2.0.0",
        rateLimit: 5,
        requiredPermissions: ["payments:write"],
      },
    ]);
    expect(connectors[1]?.inputSchema).toEqual(toolInputSchema(refund));
  });

  it("leaves the core's defaults in place and maps names like guardTools", () => {
    const [connector] = connectorsFromTools([refund], {
      connectorName: (toolName) => `billing.${toolName}`,
    });
    expect(connector).toMatchObject({
      name: "billing.refund_payment",
      version: "1.0.0",
      rateLimit: 60,
      requiredPermissions: [],
    });
  });

  it("gives a guard that checks the model's input against the tool's own schema", async () => {
    const guard = createGuard({ connectors: connectorsFromTools([refund]) });
    const check = (inputData: unknown) =>
      guard.check({ connectorName: "refund_payment", inputData });
    expect((await check({ orderId: "A-1", amount: 20 })).allowed).toBe(true);
    expect((await check({ orderId: "A-1", amount: 900 })).reason).toBe(
      "input validation failed: /amount must be <= 500",
    );
    expect((await check({ orderId: "B-1", amount: 20 })).reason).toBe(
      'input validation failed: /orderId must match pattern "^A-\\d+$"',
    );
    expect((await check({ orderId: "A-1", amount: 20, extra: 1 })).reason).toBe(
      "input validation failed: must NOT have additional properties 'extra'",
    );
  });

  it("registers each derived schema in the dialect it declares: zod 4, zod 3 and JSON Schema tools", async () => {
    const tools = [
      refund,
      tool(async () => "ok", {
        name: "legacy_pair",
        schema: z3.object({
          pair: z3.tuple([z3.string(), z3.number()]),
          note: z3.string().optional(),
        }),
      }),
      tool(async () => "ok", {
        name: "draft07_json",
        schema: {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          properties: {
            pair: {
              type: "array",
              items: [{ type: "string" }],
              additionalItems: { type: "number" },
            },
          },
        },
      }),
      tool(async () => "ok", {
        name: "plain_json",
        schema: {
          type: "object",
          properties: {
            pair: { type: "array", prefixItems: [{ type: "string" }], items: { type: "number" } },
          },
        },
      }),
    ];
    const guard = createGuard({ connectors: connectorsFromTools(tools) });
    const check = async (connectorName: string, inputData: unknown) =>
      (await guard.check({ connectorName, inputData })).reason;
    expect(await check("legacy_pair", { pair: ["a", 1] })).toBe("all checks passed");
    expect(await check("legacy_pair", { pair: ["a", "b"] })).toBe(
      "input validation failed: /pair/1 must be number",
    );
    expect(await check("legacy_pair", { pair: ["a", 1], extra: 1 })).toBe(
      "input validation failed: must NOT have additional properties 'extra'",
    );
    expect(await check("draft07_json", { pair: ["a", "b"] })).toBe(
      "input validation failed: /pair/1 must be number",
    );
    expect(await check("plain_json", { pair: ["a", "b"] })).toBe(
      "input validation failed: /pair/1 must be number",
    );
    // A JSON Schema tool is used as written: it is closed only if it says so.
    expect(await check("plain_json", { pair: ["a", 1], extra: 1 })).toBe("all checks passed");
  });

  it("registers z.toJSONSchema() output of common shapes as it is", () => {
    const shapes = {
      text: z.object({ query: z.string().min(1).max(200) }),
      email: z.object({ to: z.email() }),
      uuid: z.object({ id: z.uuid() }),
      url: z.object({ link: z.url() }),
      datetime: z.object({ at: z.iso.datetime() }),
      enumeration: z.object({ level: z.enum(["low", "high"]) }),
      literal: z.object({ kind: z.literal("refund") }),
      union: z.object({ value: z.union([z.string(), z.number()]) }),
      discriminated: z.discriminatedUnion("type", [
        z.object({ type: z.literal("a"), a: z.string() }),
        z.object({ type: z.literal("b"), b: z.number() }),
      ]),
      list: z.object({ tags: z.array(z.string()).min(1).max(10) }),
      tuple: z.object({ pair: z.tuple([z.string(), z.number()]) }),
      record: z.object({ labels: z.record(z.string(), z.string()) }),
      optional: z.object({ note: z.string().optional(), maybe: z.string().nullable() }),
      nested: z.object({
        address: z.object({ city: z.string(), zip: z.string().regex(/^\d{5}$/) }),
      }),
      defaults: z.object({ limit: z.number().int().default(10) }),
      set: z.object({ ids: z.array(z.number()).refine((ids) => ids.length > 0) }),
    };
    const connectors = Object.entries(shapes).map(([name, schema]) => ({
      name,
      version: "1",
      inputSchema: z.toJSONSchema(schema) as Record<string, unknown>,
    }));
    expect(connectors).toHaveLength(16);
    const guard = createGuard({ connectors });
    expect(guard.registry.allNames()).toHaveLength(16);
  });

  it("rejects what would silently go wrong, naming the tool or the option", () => {
    const cases: [() => unknown, string][] = [
      [() => connectorsFromTools({} as never), "connectorsFromTools: tools must be an array"],
      [() => connectorsFromTools([{ name: "" }]), "connectorsFromTools: tools[0] has no name"],
      [
        () => connectorsFromTools([refund], { overrides: { refund: { rateLimit: 1 } } }),
        "connectorsFromTools: overrides.refund names no tool (tools: refund_payment)",
      ],
      [
        () =>
          connectorsFromTools([refund], {
            overrides: { refund_payment: { name: "other" } as never },
          }),
        "overrides.refund_payment must be an object of connector fields other than 'name'",
      ],
      [
        () => connectorsFromTools([refund, refund]),
        "tools 'refund_payment' and 'refund_payment' both map to connector 'refund_payment'",
      ],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(InvalidOptionError);
      expect(make).toThrow(message);
    }
    expect(() => connectorsFromTools([refund], { rateLimit: 0 })).toThrow(
      "connectorsFromTools: tool 'refund_payment': connector 'refund_payment': rateLimit must be an integer from 1 to 1000000 (got 0)",
    );
  });
});
