import { createGuard } from "@aumai/connectorguard";
import type { ToolMessage } from "@langchain/core/messages";
import { DynamicTool, type StructuredTool, tool } from "@langchain/core/tools";
import { createAgent, fakeModel } from "langchain";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { connectorGuardMiddleware, guardTools } from "../src/index.js";

const guard = createGuard({ connectors: [] });
const add = tool(async ({ a, b }) => a + b, {
  name: "add",
  description: "Add two numbers.",
  schema: z.object({ a: z.number(), b: z.number() }),
});
const lookup = tool(async ({ orderId }) => ({ orderId, total: 42 }), {
  name: "lookup_order",
  description: "Look up an order.",
  schema: z.object({ orderId: z.string() }),
});
const echo = new DynamicTool({ name: "echo", description: "Echo.", func: async (text) => text });

describe("guardTools types", () => {
  it("returns each tool with its exact type, in order", () => {
    const guarded = guardTools([add, lookup, echo], { guard });
    expectTypeOf(guarded).toEqualTypeOf<[typeof add, typeof lookup, typeof echo]>();
  });

  it("keeps the input and output types of invoke", async () => {
    const [guardedAdd, guardedLookup] = guardTools([add, lookup], { guard });
    expectTypeOf(await guardedAdd.invoke({ a: 1, b: 2 })).toEqualTypeOf<number>();
    expectTypeOf(await guardedLookup.invoke({ orderId: "A-1" })).toEqualTypeOf<{
      orderId: string;
      total: number;
    }>();
    const message = await guardedLookup.invoke({
      type: "tool_call",
      id: "1",
      name: "lookup_order",
      args: { orderId: "A-1" },
    });
    expectTypeOf(message).toEqualTypeOf<ToolMessage>();
    // @ts-expect-error the schema wants numbers
    await guardedAdd.invoke({ a: "1", b: 2 });
    // @ts-expect-error orderId is required
    await guardedLookup.invoke({});
  });

  it("keeps a widened array widened", () => {
    const tools: StructuredTool[] = [add, lookup];
    expectTypeOf(guardTools(tools, { guard })).toEqualTypeOf<StructuredTool[]>();
  });

  it("fits createAgent, as tools and as middleware", () => {
    createAgent({ model: fakeModel(), tools: guardTools([add, lookup], { guard }) });
    createAgent({
      model: fakeModel(),
      tools: [add, lookup],
      middleware: [connectorGuardMiddleware({ guard })],
    });
  });
});
