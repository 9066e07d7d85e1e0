import { createGuard } from "@aumai/connectorguard";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { AIMessage, createAgent, HumanMessage } from "langchain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { guardTools } from "../src/index.js";
import { expectSupportBotStep, scriptedSupportModel } from "./agent-scenario.js";
import { auditLines, supportFixtures } from "./support-fixtures.js";

const question = [
  new HumanMessage("Order A-1001 arrived broken; refund 20 and tell the customer."),
];

describe("guardTools in a createAgent run", () => {
  it("runs the allowed calls of one parallel step, denies the others, and hands the model each reason", async () => {
    const { tools, runs, guard, auditLog } = supportFixtures();
    const { model, received } = scriptedSupportModel();
    const guardedTools = guardTools(tools, { guard });
    const agent = createAgent({ model, tools: guardedTools });

    const result = await agent.invoke(
      { messages: question },
      { configurable: { agentId: "support-bot" } },
    );

    expect(result.messages.at(-1)?.text).toContain("a refund needs billing");
    expectSupportBotStep({ runs, received, auditLog });
  });

  it("lets an agent holding the permission refund, with its identity from metadata", async () => {
    const { tools, runs, guard, auditLog } = supportFixtures();
    const { model } = scriptedSupportModel();
    const agent = createAgent({ model, tools: guardTools(tools, { guard }) });

    await agent.invoke({ messages: question }, { metadata: { agentId: "billing-bot" } });

    expect(runs).toContain("refund_payment:A-1001:20");
    expect(auditLog.forAgent("billing-bot")).toHaveLength(6);
    expect(auditLines(auditLog)).toContain("billing-bot refund_payment ALLOW ok");
    // billing-bot may not send email at all: the permission check comes before the limit.
    expect(auditLines(auditLog).filter((line) => line.includes("send_email"))).toEqual([
      "billing-bot send_email DENY(permission)",
      "billing-bot send_email DENY(permission)",
      "billing-bot send_email DENY(permission)",
    ]);
  });

  it("leaves a tool's error to LangChain, which hands it to the model, and audits it", async () => {
    const guard = createGuard({ connectors: [{ name: "charge_card", version: "1" }] });
    const chargeCard = tool(
      async () => {
        throw new Error("card network down");
      },
      { name: "charge_card", description: "Charge a card.", schema: z.object({}) },
    );
    const model = fakeModel()
      .respondWithTools([{ id: "charge", name: "charge_card", args: {} }])
      .respond(new AIMessage("The card could not be charged."));
    const agent = createAgent({ model, tools: guardTools([chargeCard], { guard, agentId: "a" }) });

    const result = await agent.invoke({ messages: question });

    const toolMessage = result.messages.find((message) => message.type === "tool");
    expect(toolMessage?.text).toContain("card network down");
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "error",
      error: "Error: card network down",
    });
  });

  it("reads the run's context through resolveAgentId", async () => {
    const { tools, guard, auditLog } = supportFixtures();
    const agent = createAgent({
      model: scriptedSupportModel().model,
      tools: guardTools(tools, {
        guard,
        resolveAgentId: (run) => `${(run.context as { team: string }).team}-bot`,
      }),
      contextSchema: z.object({ team: z.string() }),
    });
    await agent.invoke({ messages: question }, { context: { team: "billing" } });
    expect(auditLog.forAgent("billing-bot")).toHaveLength(6);
  });

  it("sends the model exactly the tool definitions of the unguarded tools", () => {
    const { tools, guard } = supportFixtures();
    const guarded = guardTools(tools, { guard });
    expect(guarded.map((tool) => convertToOpenAITool(tool))).toEqual(
      tools.map((tool) => convertToOpenAITool(tool)),
    );
  });
});
