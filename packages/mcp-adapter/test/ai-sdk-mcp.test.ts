import { existsSync } from "node:fs";
import { join } from "node:path";
import { createMCPClient, type MCPClient } from "@ai-sdk/mcp";
import { Experimental_StdioMCPTransport as StdioMCPTransport } from "@ai-sdk/mcp/mcp-stdio";
import { createGuard } from "@aumai/connectorguard";
import { guardTools } from "@aumai/connectorguard-ai-sdk";
import { generateText, stepCountIs } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptModel, toolOutputsSeen } from "../../ai-sdk-adapter/test/support/scripted-model.js";
import { connectorsFromMcpTools } from "../src/index.js";
import { filesystemServer, scratchDirectory } from "./support/mcp-servers.js";

let mcp: MCPClient;
let root: string;
beforeAll(async () => {
  root = scratchDirectory();
  const server = filesystemServer(root);
  mcp = await createMCPClient({
    transport: new StdioMCPTransport({ command: server.command, args: [...server.args] }),
  });
});
afterAll(async () => {
  await mcp?.close();
});

describe("@ai-sdk/mcp tools through the AI SDK adapter in generateText", () => {
  it("allows a read, denies a write by permission, and the model reads why", async () => {
    const definitions = await mcp.listTools();
    const guard = createGuard({
      // No `pin: true` here: behind the AI SDK adapter, the live hash is that adapter's own
      // (`toolPin`: description and input schema), not the MCP pin, which also covers the
      // name and annotations and is checked by guardMcpClient and the proxy.
      connectors: connectorsFromMcpTools(definitions, {
        overrides: { write_file: { requiredPermissions: ["files:write"] } },
      }),
      agents: { "research-bot": { permissions: [] } },
    });
    const tools = guardTools(mcp.toolsFromDefinitions(definitions), { guard });
    const target = join(root, "summary.txt");
    const { handlers, prompts } = scriptModel([
      [
        { toolName: "read_text_file", input: { path: join(root, "notes.txt") } },
        { toolName: "write_file", input: { path: target, content: "summary" } },
      ],
      "Solar panels are about 22% efficient.",
    ]);
    const result = await generateText({
      model: new MockLanguageModelV3(handlers),
      tools,
      prompt: "Summarise my notes into summary.txt",
      stopWhen: stepCountIs(4),
      experimental_context: { agentId: "research-bot" },
    });
    expect(result.text).toBe("Solar panels are about 22% efficient.");
    const seen = toolOutputsSeen(prompts[1]);
    expect(seen.find((output) => output.toolName === "read_text_file")?.text).toContain(
      "22% efficient",
    );
    const write = seen.find((output) => output.toolName === "write_file");
    expect(write?.type).toBe("error-text");
    expect(write?.text).toContain("missing required permissions: files:write");
    expect(existsSync(target)).toBe(false);
    const entries = guard.auditLog.allEntries();
    expect(entries.map((entry) => entry.result.check ?? "allowed").sort()).toEqual([
      "allowed",
      "permission",
    ]);
  });
});
