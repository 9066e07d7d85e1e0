import { createGuard, InterceptorError, InvalidOptionError } from "@aumai/connectorguard";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import {
  AIMessage,
  createAgent,
  HumanMessage,
  MiddlewareError,
  toolErrorMiddleware,
} from "langchain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectorGuardMiddleware } from "../src/index.js";
import { expectSupportBotStep, scriptedSupportModel } from "./agent-scenario.js";
import { supportFixtures } from "./support-fixtures.js";

const question = [
  new HumanMessage("Order A-1001 arrived broken; refund 20 and tell the customer."),
];

function failingTool(failure: Error) {
  return tool(
    async () => {
      throw failure;
    },
    { name: "charge_card", description: "Charge a card.", schema: z.object({}) },
  );
}

describe("connectorGuardMiddleware", () => {
  it("makes the same decisions as guardTools, with the identity from configurable", async () => {
    const { tools, runs, guard, auditLog } = supportFixtures();
    const { model, received } = scriptedSupportModel();
    const agent = createAgent({
      model,
      tools: [...tools],
      middleware: [connectorGuardMiddleware({ guard })],
    });

    await agent.invoke({ messages: question }, { configurable: { agentId: "support-bot" } });

    expectSupportBotStep({ runs, received, auditLog });
  });

  it("reads metadata.agentId and the run's context through resolveAgentId", async () => {
    const { tools, guard, auditLog } = supportFixtures();
    const viaMetadata = createAgent({
      model: scriptedSupportModel().model,
      tools: [...tools],
      middleware: [connectorGuardMiddleware({ guard })],
    });
    await viaMetadata.invoke({ messages: question }, { metadata: { agentId: "billing-bot" } });
    expect(auditLog.forAgent("billing-bot")).toHaveLength(6);

    auditLog.clear();
    const viaContext = createAgent({
      model: scriptedSupportModel().model,
      tools: [...tools],
      contextSchema: z.object({ team: z.string() }),
      middleware: [
        connectorGuardMiddleware({
          guard,
          resolveAgentId: (run) => `${(run.context as { team: string }).team}-bot`,
        }),
      ],
    });
    await viaContext.invoke({ messages: question }, { context: { team: "billing" } });
    expect(auditLog.forAgent("billing-bot")).toHaveLength(6);
  });

  it("ends the run with InterceptorError when onDenied is throw, without running the tool", async () => {
    const { tools, runs, guard } = supportFixtures();
    const agent = createAgent({
      model: fakeModel().respondWithTools([
        { name: "refund_payment", args: { orderId: "A-1001", amount: 20 } },
      ]),
      tools: [...tools],
      middleware: [connectorGuardMiddleware({ guard, onDenied: "throw" })],
    });

    const error = await agent
      .invoke({ messages: question }, { configurable: { agentId: "support-bot" } })
      .catch((caught: unknown) => caught);

    expect(runs).toEqual([]);
    // LangChain wraps an error a middleware throws; the guard's error is its cause.
    expect(MiddlewareError.isInstance(error)).toBe(true);
    const cause = (error as Error).cause;
    expect(InterceptorError.isInstance(cause)).toBe(true);
    expect((cause as InterceptorError).result.check).toBe("permission");
  });

  it("lets a tool's error through unchanged and audits the call as failed", async () => {
    const failure = new Error("card network down");
    const guard = createGuard({ connectors: [{ name: "charge_card", version: "1" }] });
    const agent = createAgent({
      model: fakeModel().respondWithTools([{ name: "charge_card", args: {} }]),
      tools: [failingTool(failure)],
      middleware: [connectorGuardMiddleware({ guard, agentId: "agent-1" })],
    });

    await expect(agent.invoke({ messages: question })).rejects.toBe(failure);
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "error",
      error: "Error: card network down",
    });
  });

  it("audits as failed a call whose result an inner middleware turned into an error message", async () => {
    const guard = createGuard({ connectors: [{ name: "charge_card", version: "1" }] });
    const model = fakeModel()
      .respondWithTools([{ id: "charge", name: "charge_card", args: {} }])
      .respond(new AIMessage("The card could not be charged."));
    const agent = createAgent({
      model,
      tools: [failingTool(new Error("card network down"))],
      middleware: [
        connectorGuardMiddleware({ guard, agentId: "agent-1" }),
        toolErrorMiddleware({ onError: () => "charging failed, try later" }),
      ],
    });

    const result = await agent.invoke({ messages: question });

    const toolMessage = result.messages.find((message) => message.type === "tool");
    expect(toolMessage?.text).toBe("charging failed, try later");
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "error",
      error: "ToolErrorMessage: charging failed, try later",
    });
  });

  it("rejects bad options when it is made", () => {
    expect(() => connectorGuardMiddleware({ guard: { connectors: "x" } as never })).toThrow(
      InvalidOptionError,
    );
    expect(() =>
      connectorGuardMiddleware({ guard: { connectors: [] }, onDenied: "drop" as never }),
    ).toThrow(
      'connectorGuardMiddleware: onDenied must be one of "tool-error", "throw" (got "drop")',
    );
  });
});
