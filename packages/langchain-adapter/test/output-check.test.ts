import {
  createGuard,
  type JsonSchema,
  type OutputCheckMode,
  OutputValidationError,
} from "@aumai/connectorguard";
import { type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { AIMessage, createAgent, HumanMessage } from "langchain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectorGuardMiddleware, guardTools } from "../src/index.js";
import { supportFixtures } from "./support-fixtures.js";

/** lookup_order returns `total: 42`; this schema wants a string, so every result breaks it. */
const totalAsString: JsonSchema = {
  type: "object",
  properties: { total: { type: "string" } },
  required: ["total"],
};
const totalAsNumber: JsonSchema = { ...totalAsString, properties: { total: { type: "number" } } };

function lookupFixtures(outputSchema: JsonSchema, outputCheck: OutputCheckMode = "enforce") {
  return supportFixtures({
    guard: { outputCheck },
    connectors: { lookup_order: { outputSchema } },
  });
}

const lookupCall = {
  type: "tool_call" as const,
  id: "call-lookup",
  name: "lookup_order",
  args: { orderId: "A-1" },
};
const withheld =
  "result of 'lookup_order' withheld: output validation failed: /total must be string";

describe("output checks through guardTools", () => {
  it("hands the model an error ToolMessage instead of a non-conforming result under enforce", async () => {
    const { lookupOrder, runs, guard } = lookupFixtures(totalAsString);
    const [guarded] = guardTools([lookupOrder], { guard, agentId: "support-bot" });

    const message = await guarded.invoke(lookupCall);

    expect(runs).toEqual(["lookup_order:A-1"]);
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message.status).toBe("error");
    expect(message.tool_call_id).toBe("call-lookup");
    expect(message.content).toBe(withheld);
    expect(message.artifact).toEqual({
      connectorName: "lookup_order",
      violation: "output validation failed: /total must be string",
    });
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "error",
      outputViolation: "output validation failed: /total must be string",
    });
  });

  it("checks the tool's own result, not LangChain's message, and returns what the bare tool returns", async () => {
    const { lookupOrder, guard } = lookupFixtures(totalAsNumber);
    const [guarded] = guardTools([lookupOrder], { guard, agentId: "support-bot" });

    const message = await guarded.invoke(lookupCall);
    const bare = await lookupOrder.invoke(lookupCall);
    const direct = await guarded.invoke({ orderId: "A-2" });

    expect(message).toBeInstanceOf(ToolMessage);
    expect(message.status).toBe("success");
    expect(message.content).toBe(bare.content);
    expect(direct).toEqual({ orderId: "A-2", status: "delivered", total: 42 });
    expect(guard.auditLog.allEntries().map((entry) => entry.outcome?.status)).toEqual(["ok", "ok"]);
  });

  it("throws OutputValidationError with onDenied: throw, and for a direct invoke", async () => {
    const { lookupOrder, guard } = lookupFixtures(totalAsString);
    const [throwing] = guardTools([lookupOrder], {
      guard,
      agentId: "support-bot",
      onDenied: "throw",
    });
    const [answering] = guardTools([lookupOrder], { guard, agentId: "support-bot" });

    for (const call of [throwing.invoke(lookupCall), answering.invoke({ orderId: "A-1" })]) {
      const error = await call.catch((caught: unknown) => caught);
      expect(OutputValidationError.isInstance(error)).toBe(true);
      expect((error as OutputValidationError).message).toBe(withheld);
    }
  });

  it("returns a non-conforming result under audit and records the violation", async () => {
    const { lookupOrder, guard } = lookupFixtures(totalAsString, "audit");
    const [guarded] = guardTools([lookupOrder], { guard, agentId: "support-bot" });

    const message = await guarded.invoke(lookupCall);

    expect(message.status).toBe("success");
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "ok",
      outputViolation: "output validation failed: /total must be string",
    });
  });

  it("checks what a streaming tool's generator returns", async () => {
    const streaming = tool(
      async function* () {
        yield "working";
        return { total: 7 };
      },
      { name: "tally", description: "Tally up.", schema: z.object({}) },
    );
    const guard = createGuard({
      connectors: [{ name: "tally", version: "1", outputSchema: totalAsString }],
      outputCheck: "enforce",
    });
    const [guarded] = guardTools([streaming], { guard, agentId: "a" });

    const message = await guarded.invoke({ ...lookupCall, name: "tally" });

    expect(message.text).toBe(
      "result of 'tally' withheld: output validation failed: /total must be string",
    );
  });

  it("lets an OutputValidationError the tool throws itself pass through unchanged", async () => {
    const inner = new OutputValidationError("downstream", "output validation failed: /x");
    const relay = tool(
      async () => {
        throw inner;
      },
      { name: "relay", description: "Relay.", schema: z.object({}) },
    );
    const guard = createGuard({
      connectors: [{ name: "relay", version: "1", outputSchema: totalAsString }],
      outputCheck: "enforce",
    });
    const [guarded] = guardTools([relay], { guard, agentId: "a" });

    await expect(guarded.invoke({ ...lookupCall, name: "relay" })).rejects.toBe(inner);
  });
});

describe("output checks through the middleware", () => {
  it("hands the model the reason a result was withheld", async () => {
    const { tools, runs, guard } = lookupFixtures(totalAsString);
    const received: ToolMessage[] = [];
    const model = fakeModel()
      .respondWithTools([{ id: "lookup", name: "lookup_order", args: { orderId: "A-1" } }])
      .respond((messages: BaseMessage[]) => {
        received.push(...messages.filter((message) => ToolMessage.isInstance(message)));
        return new AIMessage("done");
      });
    const agent = createAgent({
      model,
      tools: [...tools],
      middleware: [connectorGuardMiddleware({ guard, agentId: "support-bot" })],
    });

    await agent.invoke({ messages: [new HumanMessage("Where is A-1?")] });

    expect(runs).toEqual(["lookup_order:A-1"]);
    expect(received.map((message) => [message.status, message.text])).toEqual([
      ["error", withheld],
    ]);
  });
});
