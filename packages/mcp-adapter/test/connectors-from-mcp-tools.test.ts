import { createGuard, InvalidOptionError } from "@aumai/connectorguard";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorsFromMcpTools, mcpToolDefinitionHash } from "../src/index.js";
import {
  connectClient,
  everythingServer,
  filesystemServer,
  scratchDirectory,
} from "./support/mcp-servers.js";

let everything: Client;
let filesystem: Client;

beforeAll(async () => {
  [everything, filesystem] = await Promise.all([
    connectClient(everythingServer()),
    connectClient(filesystemServer(scratchDirectory())),
  ]);
});
afterAll(async () => {
  await Promise.all([everything?.close(), filesystem?.close()]);
});

describe("connectorsFromMcpTools", () => {
  it("registers every tool of both real servers with its schemas verbatim", async () => {
    for (const client of [everything, filesystem]) {
      const listed = await client.listTools();
      const connectors = connectorsFromMcpTools(listed);
      const guard = createGuard({ connectors });
      expect(guard.registry.allNames()).toEqual(listed.tools.map((tool) => tool.name).sort());
      for (const tool of listed.tools) {
        const connector = connectors.find((candidate) => candidate.name === tool.name);
        expect(connector?.inputSchema).toBe(tool.inputSchema);
        expect(connector?.outputSchema).toBe(tool.outputSchema);
        expect(connector?.pin).toBeUndefined();
      }
    }
  });

  it("accepts the tools array as well as the result, and pins when asked", async () => {
    const { tools } = await filesystem.listTools();
    const connectors = connectorsFromMcpTools(tools, {
      pin: true,
      rateLimit: 7,
      overrides: { write_file: { requiredPermissions: ["files:write"], rateLimit: 2 } },
    });
    const write = connectors.find((connector) => connector.name === "write_file");
    const read = connectors.find((connector) => connector.name === "read_text_file");
    expect(write?.requiredPermissions).toEqual(["files:write"]);
    expect(write?.rateLimit).toBe(2);
    expect(read?.rateLimit).toBe(7);
    const readTool = tools.find((tool) => tool.name === "read_text_file");
    expect(readTool).toBeDefined();
    expect(read?.pin).toBe(mcpToolDefinitionHash(readTool as (typeof tools)[number]));
  });

  it("maps names and refuses overrides naming no tool, collisions and non-lists", async () => {
    const listed = await everything.listTools();
    const renamed = connectorsFromMcpTools(listed, {
      connectorName: (name) => `everything.${name}`,
    });
    expect(renamed.map((connector) => connector.name)).toContain("everything.echo");
    expect(() => connectorsFromMcpTools(listed, { overrides: { nope: { rateLimit: 1 } } })).toThrow(
      /overrides\.nope names no tool/,
    );
    expect(() => connectorsFromMcpTools(listed, { connectorName: () => "same" })).toThrow(
      /both map to connector 'same'/,
    );
    expect(() => connectorsFromMcpTools({} as never)).toThrow(InvalidOptionError);
    expect(() => connectorsFromMcpTools(listed, { pin: "yes" as never })).toThrow(/pin must be/);
  });
});

describe("mcpToolDefinitionHash", () => {
  const tool = {
    name: "write_file",
    description: "Write a file",
    inputSchema: { type: "object", properties: { path: { type: "string" } } },
    annotations: { destructiveHint: true },
  };

  it("is stable under key order and changes with each covered field", () => {
    const pin = mcpToolDefinitionHash(tool);
    expect(pin).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(
      mcpToolDefinitionHash({
        annotations: { destructiveHint: true },
        inputSchema: { properties: { path: { type: "string" } }, type: "object" },
        description: "Write a file",
        name: "write_file",
      }),
    ).toBe(pin);
    expect(mcpToolDefinitionHash({ ...tool, name: "write_files" })).not.toBe(pin);
    expect(mcpToolDefinitionHash({ ...tool, description: "Write a file." })).not.toBe(pin);
    expect(mcpToolDefinitionHash({ ...tool, inputSchema: { type: "object" } })).not.toBe(pin);
    expect(mcpToolDefinitionHash({ ...tool, annotations: { readOnlyHint: true } })).not.toBe(pin);
    // Not covered: the connector keeps the reviewed output schema and enforces it.
    expect(mcpToolDefinitionHash({ ...tool, outputSchema: { type: "object" } })).toBe(pin);
  });
});
