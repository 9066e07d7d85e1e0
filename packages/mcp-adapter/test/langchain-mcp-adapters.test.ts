import { createGuard } from "@aumai/connectorguard";
import { connectorsFromTools, guardTools } from "@aumai/connectorguard-langchain";
import type { ToolMessage } from "@langchain/core/messages";
import { loadMcpTools } from "@langchain/mcp-adapters";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorsFromMcpTools } from "../src/index.js";
import { connectClient, fixtureServer } from "./support/mcp-servers.js";

let client: Client;
beforeAll(async () => {
  client = await connectClient(fixtureServer());
});
afterAll(async () => {
  await client?.close();
});

const bothPlaces = {
  type: "tool_call" as const,
  id: "call-1",
  name: "lookup_weather",
  args: { city: "Oslo", zip: "12345" },
};

describe("@langchain/mcp-adapters tools, guarded with the server's own schemas", () => {
  it("the LangChain adapter drops the server's oneOf, so its own schema lets both places through", async () => {
    const tools = await loadMcpTools("fixture", client);
    const weather = tools.find((tool) => tool.name === "lookup_weather");
    expect(weather).toBeDefined();
    expect(JSON.stringify(weather?.schema)).not.toContain("oneOf");
    // Connectors derived from the LangChain tools inherit the weakened schema: a false allow.
    const weakened = createGuard({
      connectors: connectorsFromTools(tools),
      agents: { bot: { permissions: [] } },
    });
    const decision = await weakened.check({
      connectorName: "lookup_weather",
      sourceAgent: "bot",
      inputData: bothPlaces.args,
    });
    expect(decision.allowed).toBe(true);
  });

  it("connectors from the server's listTools still enforce that oneOf on the LangChain tool", async () => {
    const tools = await loadMcpTools("fixture", client);
    const guard = createGuard({
      connectors: connectorsFromMcpTools(await client.listTools()),
      agents: { bot: { permissions: [] } },
    });
    const guarded = guardTools(tools, { guard, agentId: "bot" });
    const weather = guarded.find((tool) => tool.name === "lookup_weather");
    const denied = (await weather?.invoke(bothPlaces)) as ToolMessage;
    expect(denied.status).toBe("error");
    expect(String(denied.content)).toContain("must match exactly one schema in oneOf");
    const allowed = (await weather?.invoke({
      ...bothPlaces,
      args: { city: "Oslo" },
    })) as ToolMessage;
    expect(allowed.status).toBe("success");
    expect(JSON.stringify(allowed.content)).toContain("sunny in Oslo");
    expect(guard.auditLog.allEntries().map((entry) => entry.result.check ?? "allowed")).toEqual([
      "input-schema",
      "allowed",
    ]);
  });
});
