import { InvalidOptionError } from "@aumai/connectorguard";
// Shared with the AI SDK adapter's tests: one ES256 issuer for both.
import { capabilityTokenIssuer } from "@aumai/connectorguard/testing";
import { type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { AIMessage, createAgent, HumanMessage } from "langchain";
import { describe, expect, it } from "vitest";
import { connectorGuardMiddleware, guardTools } from "../src/index.js";
import { auditLines, supportFixtures } from "./support-fixtures.js";

const refundCall = {
  type: "tool_call" as const,
  id: "call-refund",
  name: "refund_payment",
  args: { orderId: "A-1", amount: 10 },
};

/** A model that asks for one refund, then records what it was told and stops. */
function refundingModel() {
  const received: ToolMessage[] = [];
  const model = fakeModel()
    .respondWithTools([{ id: "refund", name: "refund_payment", args: refundCall.args }])
    .respond((messages: BaseMessage[]) => {
      received.push(...messages.filter((message) => ToolMessage.isInstance(message)));
      return new AIMessage("done");
    });
  return { model, received };
}

describe("capability tokens", () => {
  it("makes the token's verified sub the audited agent, whatever agentId says", async () => {
    const { capabilityTokens, sign } = await capabilityTokenIssuer();
    const { tools, runs, guard } = supportFixtures({ guard: { capabilityTokens } });
    const [, refundPayment] = guardTools(tools, { guard });
    const token = await sign({ sub: "billing-bot", scope: "payments:write" });

    const message = await refundPayment.invoke(refundCall, {
      configurable: { agentId: "support-bot", capabilityToken: token },
    });

    expect(message.status).toBe("success");
    expect(runs).toEqual(["refund_payment:A-1:10"]);
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.connectionAttempt.sourceAgent).toBe("billing-bot");
    expect(entry?.result.verifiedAgent).toBe("billing-bot");
    expect(JSON.stringify(entry)).not.toContain(token);
  });

  it("reads metadata.capabilityToken, or the token resolveCapabilityToken finds in the run", async () => {
    const { capabilityTokens, sign } = await capabilityTokenIssuer();
    const { tools, guard } = supportFixtures({ guard: { capabilityTokens } });
    const token = await sign({ sub: "billing-bot", scope: "payments:write" });
    const [, fromMetadata] = guardTools(tools, { guard });
    const [, fromResolver] = guardTools(tools, {
      guard,
      resolveCapabilityToken: (run) => (run.metadata?.session as { jwt?: string } | undefined)?.jwt,
    });

    await fromMetadata.invoke(refundCall, { metadata: { capabilityToken: token } });
    await fromResolver.invoke(refundCall, { metadata: { session: { jwt: token } } });

    expect(auditLines(guard.auditLog)).toEqual([
      "billing-bot refund_payment ALLOW ok",
      "billing-bot refund_payment ALLOW ok",
    ]);
  });

  it("denies a forged token and hands the model the reason (guardTools in createAgent)", async () => {
    const { capabilityTokens, forge } = await capabilityTokenIssuer();
    const { tools, runs, guard } = supportFixtures({ guard: { capabilityTokens } });
    const { model, received } = refundingModel();
    const agent = createAgent({ model, tools: guardTools(tools, { guard }) });
    const forged = await forge({ sub: "billing-bot", scope: "payments:write" });

    await agent.invoke(
      { messages: [new HumanMessage("refund A-1")] },
      { configurable: { agentId: "billing-bot", capabilityToken: forged } },
    );

    expect(runs).toEqual([]);
    expect(received.map((message) => [message.status, message.text])).toEqual([
      ["error", "call to 'refund_payment' denied: capability token rejected: bad signature"],
    ]);
    expect(auditLines(guard.auditLog)).toEqual(["billing-bot refund_payment DENY(permission)"]);
  });

  it("passes the token through the middleware too, and denies a call without one", async () => {
    const { capabilityTokens, sign } = await capabilityTokenIssuer();
    const { tools, runs, guard } = supportFixtures({ guard: { capabilityTokens } });
    const token = await sign({ sub: "billing-bot", scope: "payments:write" });
    const run = async (configurable: Record<string, unknown>) => {
      const { model, received } = refundingModel();
      const agent = createAgent({
        model,
        tools: [...tools],
        middleware: [connectorGuardMiddleware({ guard })],
      });
      await agent.invoke({ messages: [new HumanMessage("refund A-1")] }, { configurable });
      return received[0]?.text;
    };

    expect(await run({ capabilityToken: token })).toBe("refunded 10 on A-1");
    expect(await run({ agentId: "billing-bot" })).toBe(
      "call to 'refund_payment' denied: a capability token is required (capabilityTokens.required) and the attempt carries none",
    );
    expect(runs).toEqual(["refund_payment:A-1:10"]);
  });

  it("never takes a token from the model's arguments, and lets the guard deny one that is not a string", async () => {
    const { capabilityTokens, sign } = await capabilityTokenIssuer();
    const guardConfig = {
      connectors: [
        { name: "refund_payment", version: "1", requiredPermissions: ["payments:write"] },
      ],
      capabilityTokens,
    };
    const { refundPayment } = supportFixtures();
    const [guarded] = guardTools([refundPayment], { guard: guardConfig });
    const token = await sign({ sub: "billing-bot", scope: "payments:write" });

    const smuggled = await guarded.invoke({
      ...refundCall,
      args: { ...refundCall.args, capabilityToken: token },
    });
    const malformed = await guarded.invoke(refundCall, { configurable: { capabilityToken: 42 } });

    expect(smuggled.text).toContain("the call names no agent and carries no capability token");
    expect(malformed.text).toBe(
      "call to 'refund_payment' denied: capability token rejected: token must be a string (got number)",
    );
  });

  it("rejects a resolveCapabilityToken that is not a function", () => {
    const { tools, guard } = supportFixtures();
    const make = () => guardTools(tools, { guard, resolveCapabilityToken: "jwt" as never });
    expect(make).toThrow(InvalidOptionError);
    expect(make).toThrow("guardTools: resolveCapabilityToken must be a function (got string)");
  });
});
