import { ConnectorSchemaError, createGuard, InvalidOptionError } from "@aumai/connectorguard";
import { jsonSchema, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { connectorsFromTools, toolPin } from "../src/index.js";

const tools = {
  refund: tool({
    description: "Refund a payment.",
    inputSchema: z.object({ orderId: z.string().regex(/^A-\d+$/), amount: z.number().max(500) }),
    execute: async () => "ok",
  }),
  legacyPair: tool({
    description: "A zod 3 tuple.",
    inputSchema: z3.object({ pair: z3.tuple([z3.string(), z3.number()]) }) as never,
    execute: async () => "ok",
  }),
  plainPair: tool({
    description: "A JSON Schema without $schema: the guard's default, 2020-12.",
    // JSONSchema7, the SDK's type, has no 2020-12 keywords; the schema is what a server may send.
    inputSchema: jsonSchema<{ pair: [string, number] }>({
      type: "object",
      properties: {
        pair: { type: "array", prefixItems: [{ type: "string" }], items: { type: "number" } },
      },
    } as never),
    execute: async () => "ok",
  }),
};

describe("connectorsFromTools (AI SDK)", () => {
  it("derives one connector per tool with the schema the SDK sends the model, in its dialect", () => {
    const connectors = connectorsFromTools(tools, { rateLimit: 30 });
    expect(connectors.map((connector) => connector.name)).toEqual([
      "refund",
      "legacyPair",
      "plainPair",
    ]);
    expect(connectors[0]).toMatchObject({
      version: "1.0.0",
      rateLimit: 30,
      inputSchema: {
        $schema: "http://json-schema.org/draft-07/schema#",
        additionalProperties: false,
      },
    });
    expect(connectors[2]?.inputSchema).not.toHaveProperty("$schema");
  });

  it("gives a guard that checks each tool's input in the dialect it declares", async () => {
    const guard = createGuard({ connectors: connectorsFromTools(tools) });
    const reason = async (connectorName: string, inputData: unknown) =>
      (await guard.check({ connectorName, inputData })).reason;
    expect(await reason("refund", { orderId: "A-1", amount: 20 })).toBe("all checks passed");
    expect(await reason("refund", { orderId: "A-1", amount: 20, extra: 1 })).toBe(
      "input validation failed: must NOT have additional properties 'extra'",
    );
    expect(await reason("legacyPair", { pair: ["a", "b"] })).toBe(
      "input validation failed: /pair/1 must be number",
    );
    expect(await reason("plainPair", { pair: ["a", "b"] })).toBe(
      "input validation failed: /pair/1 must be number",
    );
    // A JSON Schema tool is used as written: closed only if it says so.
    expect(await reason("plainPair", { pair: ["a", 1], extra: 1 })).toBe("all checks passed");
  });

  it("pins, renames and overrides per tool", () => {
    const [refund] = connectorsFromTools(
      { refund: tools.refund },
      {
        pin: true,
        connectorName: (name) => `billing.${name}`,
        overrides: { refund: { rateLimit: 5 } },
      },
    );
    expect(refund).toMatchObject({
      name: "billing.refund",
      rateLimit: 5,
      pin: toolPin(tools.refund),
    });
  });

  it("refuses what would silently go wrong, naming the tool or the option", () => {
    expect(() => connectorsFromTools([] as never)).toThrow(InvalidOptionError);
    expect(() => connectorsFromTools(tools, { overrides: { nope: {} } })).toThrow(
      "connectorsFromTools: overrides.nope names no tool (tools: refund, legacyPair, plainPair)",
    );
    expect(() => connectorsFromTools(tools, { connectorName: () => "one" })).toThrow(
      "connectorsFromTools: tools 'refund' and 'legacyPair' both map to connector 'one'",
    );
    const lazy = { lazy: { inputSchema: jsonSchema(Promise.resolve({ type: "object" })) } };
    expect(() => connectorsFromTools(lazy as never)).toThrow(/JSON Schema that is a promise/);
    const dated = { dated: { inputSchema: z.object({ at: z.date() }) } };
    expect(() => connectorsFromTools(dated)).toThrow(ConnectorSchemaError);
  });
});
