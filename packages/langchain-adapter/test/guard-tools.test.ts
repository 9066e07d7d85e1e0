import { createGuard, InterceptorError, InvalidOptionError } from "@aumai/connectorguard";
import { ToolMessage } from "@langchain/core/messages";
import {
  DynamicStructuredTool,
  DynamicTool,
  StructuredTool,
  ToolInputParsingException,
  tool,
} from "@langchain/core/tools";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectorsFromTools, guardTools, isGuardedTool } from "../src/index.js";
import { auditLines, supportFixtures } from "./support-fixtures.js";

class WeatherTool extends StructuredTool {
  name = "weather";
  description = "Current weather for a city.";
  schema = z.object({ city: z.string() });
  calls = 0;

  async _call({ city }: { city: string }): Promise<string> {
    this.calls++;
    return `sunny in ${city}`;
  }
}

function everyKindOfTool() {
  return [
    tool(async ({ a, b }) => a + b, {
      name: "add",
      description: "Add two numbers.",
      schema: z.object({ a: z.number(), b: z.number() }),
    }),
    new DynamicStructuredTool({
      name: "greet",
      description: "Greet someone.",
      schema: z.object({ name: z.string() }),
      func: async ({ name }) => `hello ${name}`,
    }),
    new DynamicTool({ name: "echo", description: "Echo the input.", func: async (text) => text }),
    new WeatherTool(),
    new DynamicStructuredTool({
      name: "search",
      description: "Search the docs.",
      schema: {
        type: "object",
        properties: { query: { type: "string" } },
        required: ["query"],
      },
      func: async (input: { query: string }) => `results for ${input.query}`,
    }),
  ] as const;
}

function toolCall(name: string, args: Record<string, unknown>, id = `call-${name}`) {
  return { type: "tool_call" as const, id, name, args };
}

describe("guardTools", () => {
  it("keeps every kind of tool's name, description, schema and class, so bindTools sends the same", () => {
    const tools = everyKindOfTool();
    const guard = createGuard({ connectors: connectorsFromTools(tools) });
    const guarded = guardTools(tools, { guard, agentId: "agent-1" });
    expect(guarded).toHaveLength(tools.length);
    guarded.forEach((guardedTool, index) => {
      const original = tools[index];
      expect(guardedTool).not.toBe(original);
      expect(guardedTool).toBeInstanceOf(original?.constructor as typeof StructuredTool);
      expect(guardedTool.name).toBe(original?.name);
      expect(guardedTool.description).toBe(original?.description);
      expect(guardedTool.schema).toBe(original?.schema);
      expect(guardedTool.returnDirect).toBe(original?.returnDirect);
      expect(convertToOpenAITool(guardedTool)).toEqual(convertToOpenAITool(original as never));
      expect(isGuardedTool(guardedTool)).toBe(true);
      expect(isGuardedTool(original)).toBe(false);
    });
  });

  it("runs an allowed call and returns what the bare tool returns, for args and for tool calls", async () => {
    const tools = everyKindOfTool();
    const guard = createGuard({ connectors: connectorsFromTools(tools) });
    const [add, greet, echo, weather, search] = guardTools(tools, { guard, agentId: "agent-1" });

    expect(await add.invoke({ a: 2, b: 3 })).toBe(5);
    expect(await greet.invoke({ name: "Ada" })).toBe("hello Ada");
    expect(await echo.invoke("ping")).toBe("ping");
    expect(await weather.invoke({ city: "Oslo" })).toBe("sunny in Oslo");
    // LangChain infers no input type for a JSON Schema tool built this way; the call is valid.
    expect(await search.invoke({ query: "limits" } as never)).toBe("results for limits");

    const message = await add.invoke(toolCall("add", { a: 1, b: 1 }));
    const bare = await tools[0].invoke(toolCall("add", { a: 1, b: 1 }));
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message.content).toBe(bare.content);
    expect(message.tool_call_id).toBe("call-add");
    expect(message.status).toBe(bare.status);

    expect(auditLines(guard.auditLog)).toEqual([
      "agent-1 add ALLOW ok",
      "agent-1 greet ALLOW ok",
      "agent-1 echo ALLOW ok",
      "agent-1 weather ALLOW ok",
      "agent-1 search ALLOW ok",
      "agent-1 add ALLOW ok",
    ]);
    // A string-input tool is checked as `{ input }`, the shape of its schema.
    expect(guard.auditLog.forConnector("echo")[0]?.connectionAttempt.inputData).toEqual({
      input: "ping",
    });
  });

  it("answers a denied tool call with an error ToolMessage carrying the reason, without running", async () => {
    const { tools, runs, guard, auditLog } = supportFixtures();
    const [, refundPayment] = guardTools(tools, { guard, agentId: "support-bot" });

    const message = await refundPayment.invoke(
      toolCall("refund_payment", { orderId: "A-1", amount: 10 }, "call-7"),
    );

    expect(runs).toEqual([]);
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message.status).toBe("error");
    expect(message.tool_call_id).toBe("call-7");
    expect(message.name).toBe("refund_payment");
    expect(message.content).toBe(
      "call to 'refund_payment' denied: agent 'support-bot' is missing required permissions: payments:write",
    );
    expect(message.artifact.result.check).toBe("permission");
    expect(auditLines(auditLog)).toEqual(["support-bot refund_payment DENY(permission)"]);
  });

  it("throws InterceptorError for a denial when asked to, or when invoked without a tool call", async () => {
    const { tools, runs, guard } = supportFixtures();
    const [, refundAnswering] = guardTools(tools, { guard, agentId: "support-bot" });
    const [, refundThrowing] = guardTools(tools, {
      guard,
      agentId: "support-bot",
      onDenied: "throw",
    });

    const direct = await refundAnswering
      .invoke({ orderId: "A-1", amount: 10 })
      .catch((error: unknown) => error);
    expect(InterceptorError.isInstance(direct)).toBe(true);
    expect((direct as InterceptorError).result.check).toBe("permission");

    const thrown = await refundThrowing
      .invoke(toolCall("refund_payment", { orderId: "A-1", amount: 10 }))
      .catch((error: unknown) => error);
    expect(InterceptorError.isInstance(thrown)).toBe(true);
    expect(runs).toEqual([]);
  });

  it("lets a tool's own error reach the caller unchanged and audits the call as failed", async () => {
    const failure = new Error("payment service unavailable");
    const flaky = tool(
      async () => {
        throw failure;
      },
      { name: "flaky", description: "Always fails.", schema: z.object({}) },
    );
    const guard = createGuard({ connectors: [{ name: "flaky", version: "1" }] });
    const [guardedFlaky] = guardTools([flaky], { guard, agentId: "agent-1" });

    await expect(guardedFlaky.invoke({})).rejects.toBe(failure);
    await expect(guardedFlaky.invoke(toolCall("flaky", {}))).rejects.toBe(failure);

    const entries = guard.auditLog.allEntries();
    expect(entries).toHaveLength(2);
    expect(entries[0]?.result.allowed).toBe(true);
    expect(entries[0]?.outcome).toMatchObject({
      status: "error",
      error: "Error: payment service unavailable",
    });
  });

  it("denies invalid input before LangChain parses it, and passes LangChain's parse error through when the connector checks nothing", async () => {
    const { tools, runs, guard, auditLog } = supportFixtures();
    const [lookupOrder] = guardTools(tools, { guard, agentId: "support-bot" });
    const message = await lookupOrder.invoke(toolCall("lookup_order", { orderId: 42 }));
    expect(message.status).toBe("error");
    expect(message.content).toBe(
      "call to 'lookup_order' denied: input validation failed: /orderId must be string",
    );
    expect(runs).toEqual([]);
    expect(auditLines(auditLog)).toEqual(["support-bot lookup_order DENY(input-schema)"]);

    const lenient = createGuard({ connectors: [{ name: "lookup_order", version: "1" }] });
    const [unchecked] = guardTools([tools[0]], { guard: lenient, agentId: "support-bot" });
    await expect(unchecked.invoke({ orderId: 42 } as never)).rejects.toBeInstanceOf(
      ToolInputParsingException,
    );
    expect(lenient.auditLog.allEntries()[0]?.outcome?.status).toBe("error");
  });

  it("reads the identity from configurable, then metadata, never from the model's arguments", async () => {
    const { lookupOrder, runs } = supportFixtures();
    // No input schema, so an `agentId` smuggled into the arguments reaches the identity lookup.
    const guard = createGuard({
      connectors: [{ name: "lookup_order", version: "1", requiredPermissions: ["orders:read"] }],
      agents: { "support-bot": { permissions: ["orders:read"] } },
    });
    const [guarded] = guardTools([lookupOrder], { guard });
    const call = toolCall("lookup_order", { orderId: "A-1", agentId: "billing-bot" });

    await guarded.invoke(call, { configurable: { agentId: "support-bot" } });
    await guarded.invoke(call, { metadata: { agentId: "billing-bot" } });
    await guarded.invoke(call, {
      configurable: { agentId: "support-bot" },
      metadata: { agentId: "billing-bot" },
    });
    const anonymous = await guarded.invoke(call);

    expect(auditLines(guard.auditLog)).toEqual([
      "support-bot lookup_order ALLOW ok",
      "billing-bot lookup_order DENY(permission)",
      "support-bot lookup_order ALLOW ok",
      "unknown lookup_order DENY(permission)",
    ]);
    expect(runs).toEqual(["lookup_order:A-1", "lookup_order:A-1"]);
    expect(anonymous.content).toContain("the call names no agent and carries no capability token");
  });

  it("uses resolveAgentId and connectorName when given", async () => {
    const { lookupOrder, guard } = supportFixtures();
    const seen: unknown[] = [];
    const [guarded] = guardTools([lookupOrder], {
      guard,
      resolveAgentId: (run) => {
        seen.push(run.metadata?.tenant);
        return `${String(run.metadata?.tenant)}-bot`;
      },
      connectorName: (toolName) => `orders.${toolName}`,
    });
    const message = await guarded.invoke(toolCall("lookup_order", { orderId: "A-1" }), {
      metadata: { tenant: "support" },
    });
    expect(seen).toEqual(["support"]);
    expect(message.content).toBe(
      "call to 'orders.lookup_order' denied: connector 'orders.lookup_order' is not registered",
    );
    expect(guard.auditLog.allEntries()[0]?.connectionAttempt.sourceAgent).toBe("support-bot");
  });

  it("builds the guard from its configuration when given one", async () => {
    const [add] = guardTools([everyKindOfTool()[0]], {
      guard: { connectors: [{ name: "add", version: "1", rateLimit: 1 }] },
      agentId: "agent-1",
    });
    expect(await add.invoke({ a: 1, b: 2 })).toBe(3);
    await expect(add.invoke({ a: 1, b: 2 })).rejects.toThrow(
      "rate limit exceeded for connector 'add' (limit: 1 req/60s)",
    );
  });

  it("guards the deprecated call(), batch() and stream() too", async () => {
    const { lookupOrder, guard, auditLog } = supportFixtures();
    const [guarded] = guardTools([lookupOrder], { guard, agentId: "support-bot" });
    await guarded.call({ orderId: "A-1" });
    await guarded.batch([{ orderId: "A-2" }, { orderId: "A-3" }]);
    for await (const _chunk of await guarded.stream({ orderId: "A-4" })) {
      // drain
    }
    expect(auditLog.size).toBe(4);
  });

  it("rejects bad options and unguardable tools with a message naming them", () => {
    const { tools, guard } = supportFixtures();
    const guarded = guardTools(tools, { guard });
    const cases: [() => unknown, string][] = [
      [() => guardTools("tools" as never, { guard }), "guardTools: tools must be an array"],
      [() => guardTools(tools, undefined as never), "guardTools: options must be an object"],
      [() => guardTools(tools, { guard: null as never }), "guardTools: guard must be a Guard"],
      [
        () => guardTools(tools, { guard, onDenied: "ignore" as never }),
        'onDenied must be one of "tool-error", "throw" (got "ignore")',
      ],
      [
        () => guardTools(tools, { guard, agentId: "a", resolveAgentId: () => "b" }),
        "give either agentId (a fixed identity) or resolveAgentId, not both",
      ],
      [() => guardTools(tools, { guard, agentId: " " }), "guardTools: agentId must be a non-blank"],
      [
        () => guardTools(tools, { guard, connectorName: () => "" }),
        "connectorName('lookup_order') must return a non-blank string",
      ],
      [
        () => guardTools([{ type: "web_search" }] as never, { guard }),
        "guardTools: tools[0] has no invoke method: a provider-side (server) tool",
      ],
      [
        () => guardTools([guarded[1]], { guard }),
        "guardTools: tools[0] ('refund_payment') is already guarded",
      ],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(InvalidOptionError);
      expect(make).toThrow(message);
    }
  });

  it("rejects an identity that is present but not a string, rather than running as unknown", async () => {
    const { lookupOrder, guard, runs } = supportFixtures();
    const [guarded] = guardTools([lookupOrder], { guard });
    await expect(
      guarded.invoke({ orderId: "A-1" }, { configurable: { agentId: 7 } }),
    ).rejects.toThrow(
      "configurable.agentId must be a non-blank string naming the calling agent (got 7)",
    );
    const [resolved] = guardTools([lookupOrder], { guard, resolveAgentId: () => 7 as never });
    await expect(resolved.invoke({ orderId: "A-1" })).rejects.toThrow(
      "the agent id returned by resolveAgentId must be a non-blank string naming the calling agent (got 7)",
    );
    expect(runs).toEqual([]);
  });
});
