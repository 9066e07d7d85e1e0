import { createAgent, HumanMessage } from "langchain";
import { describe, expect, it } from "vitest";
import { guardTools } from "../src/index.js";
import { scriptedSupportModel } from "./agent-scenario.js";
import { supportFixtures } from "./support-fixtures.js";

describe("shadow mode through guardTools", () => {
  it("runs every call of the agent and audits what enforce would have denied", async () => {
    const { tools, runs, guard, auditLog } = supportFixtures({ guard: { mode: "shadow" } });
    const { model, received } = scriptedSupportModel();
    const agent = createAgent({ model, tools: guardTools(tools, { guard }) });

    await agent.invoke(
      { messages: [new HumanMessage("Refund A-1001 and tell the customer.")] },
      { configurable: { agentId: "support-bot" } },
    );

    // The refund and the third email ran; only the badly typed lookup failed, in LangChain's
    // own parsing, after the guard let it through.
    expect(runs).toContain("refund_payment:A-1001:20");
    expect(runs.filter((run) => run.startsWith("send_email"))).toHaveLength(3);
    expect(received.filter((message) => message.status === "error")).toHaveLength(1);
    const entries = auditLog.allEntries();
    expect(entries.every((entry) => entry.result.allowed)).toBe(true);
    expect(
      entries
        .map((entry) => entry.result.wouldDeny?.check)
        .filter((check) => check !== undefined)
        .sort(),
    ).toEqual(["input-schema", "permission", "rate-limit"]);
    const refund = auditLog.forConnector("refund_payment")[0];
    expect(refund?.result.wouldDeny?.reason).toBe(
      "agent 'support-bot' is missing required permissions: payments:write",
    );
    expect(refund?.outcome?.status).toBe("ok");
  });
});
