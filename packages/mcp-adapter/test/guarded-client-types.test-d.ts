import { createGuard } from "@aumai/connectorguard";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { describe, expectTypeOf, it } from "vitest";
import {
  connectorsFromMcpTools,
  guardMcpClient,
  type McpToolDenial,
  toolCallDenialOf,
} from "../src/index.js";

describe("guardMcpClient types", () => {
  it("returns the client it was given, with the SDK's own method types", () => {
    const client = new Client({ name: "types", version: "1.0.0" });
    const guard = createGuard({ connectors: [] });
    const guarded = guardMcpClient(client, { guard, agentId: "bot" });
    expectTypeOf(guarded).toEqualTypeOf<Client>();
    expectTypeOf(guarded.callTool).toEqualTypeOf<Client["callTool"]>();
    expectTypeOf(guarded.listTools).toEqualTypeOf<Client["listTools"]>();
  });

  it("takes a listTools result as it is", async () => {
    const client = new Client({ name: "types", version: "1.0.0" });
    const listed = await client.listTools();
    expectTypeOf(connectorsFromMcpTools).toBeCallableWith(listed);
    expectTypeOf(connectorsFromMcpTools).toBeCallableWith(listed.tools, { pin: true });
    const result = await client.callTool({ name: "echo", arguments: {} });
    expectTypeOf(toolCallDenialOf(result)).toEqualTypeOf<McpToolDenial | undefined>();
  });
});
