import { createGuard } from "@aumai/connectorguard";
import * as ai6 from "ai";
import * as ai7 from "ai-v7";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { connectorGuardApproval, guardTools, hasDeniedToolCall } from "../src/index.js";

const guard = createGuard({ connectors: [] });
const searchInput = z.object({ query: z.string(), limit: z.number().optional() });
type SearchInput = { query: string; limit?: number | undefined };
type SearchOutput = { results: string[] };

describe("AI SDK 6 types", () => {
  const tools = {
    search: ai6.tool({
      inputSchema: searchInput,
      execute: async ({ query }): Promise<SearchOutput> => ({ results: [query] }),
    }),
    confirm: ai6.tool({
      inputSchema: z.object({ question: z.string() }),
      outputSchema: z.boolean(),
    }),
    dynamic: ai6.dynamicTool({ inputSchema: z.object({}), execute: async () => 1 }),
  };
  const guarded = guardTools(tools, { guard, agentId: "bot" });

  it("keeps the tool set's exact type, input and output included", () => {
    expectTypeOf(guarded).toEqualTypeOf(tools);
    expectTypeOf<ai6.InferToolInput<typeof guarded.search>>().toEqualTypeOf<SearchInput>();
    expectTypeOf<ai6.InferToolOutput<typeof guarded.search>>().toEqualTypeOf<SearchOutput>();
    expectTypeOf<ai6.InferToolOutput<typeof guarded.confirm>>().toEqualTypeOf<boolean>();
  });

  it("still satisfies ToolSet and types the results of generateText", async () => {
    expectTypeOf(guarded).toExtend<ai6.ToolSet>();
    const result = await ai6.generateText({ model: "any", tools: guarded, prompt: "go" });
    const first = result.staticToolResults[0];
    if (first?.toolName === "search") expectTypeOf(first.output).toEqualTypeOf<SearchOutput>();
  });

  it("gives hasDeniedToolCall() as a stop condition", () => {
    expectTypeOf(hasDeniedToolCall()).toExtend<ai6.StopCondition<typeof guarded>>();
  });

  it("refuses what is not a tool set", () => {
    // @ts-expect-error a tool set maps names to tools
    guardTools({ search: 42 }, { guard });
    // @ts-expect-error onDenied takes one of three names
    guardTools(tools, { guard, onDenied: "ignore" });
  });
});

describe("AI SDK 7 types", () => {
  const tools = {
    search: ai7.tool({
      inputSchema: searchInput,
      contextSchema: z.object({ agentId: z.string() }),
      execute: async ({ query }, { context }): Promise<SearchOutput> => ({
        results: [query, context.agentId],
      }),
    }),
    calculator: ai7.tool({
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: async ({ a, b }) => a + b,
    }),
  };
  const guarded = guardTools(tools, { guard });

  it("keeps the tool set's exact type, input, output and context included", () => {
    expectTypeOf(guarded).toEqualTypeOf(tools);
    expectTypeOf<ai7.InferToolInput<typeof guarded.search>>().toEqualTypeOf<SearchInput>();
    expectTypeOf<ai7.InferToolOutput<typeof guarded.search>>().toEqualTypeOf<SearchOutput>();
    expectTypeOf<ai7.InferToolOutput<typeof guarded.calculator>>().toEqualTypeOf<number>();
    expectTypeOf(guarded.search.execute).toBeFunction();
  });

  it("still satisfies ToolSet, with toolsContext typed from contextSchema", () => {
    expectTypeOf(guarded).toExtend<ai7.ToolSet>();
    ai7.generateText({
      model: "any",
      tools: guarded,
      toolsContext: { search: { agentId: "research-bot" } },
      prompt: "go",
    });
  });

  it("gives connectorGuardApproval() as the toolApproval of generateText and ToolLoopAgent", () => {
    const toolApproval = connectorGuardApproval({ guard });
    expectTypeOf(toolApproval).toExtend<
      ai7.ToolApprovalConfiguration<typeof tools, { agentId: string }>
    >();
    expectTypeOf(toolApproval).toExtend<
      ai7.GenericToolApprovalFunction<ai7.ToolSet, never, unknown>
    >();
    new ai7.ToolLoopAgent({
      model: "any",
      tools,
      toolsContext: { search: { agentId: "research-bot" } },
      runtimeContext: { agentId: "research-bot" },
      toolApproval,
    });
  });

  it("gives hasDeniedToolCall() as a stop condition", () => {
    expectTypeOf(hasDeniedToolCall()).toExtend<ai7.StopCondition<typeof guarded>>();
  });
});
