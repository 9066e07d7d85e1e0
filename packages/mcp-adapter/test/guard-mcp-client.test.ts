import { existsSync } from "node:fs";
import { join } from "node:path";
import { createGuard, InterceptorError } from "@aumai/connectorguard";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import {
  connectorsFromMcpTools,
  guardMcpClient,
  type McpCallToolResult,
  toolCallDenialOf,
} from "../src/index.js";
import {
  connectClient,
  everythingServer,
  filesystemServer,
  fixtureServer,
  scratchDirectory,
} from "./support/mcp-servers.js";

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function filesystem() {
  const root = scratchDirectory();
  const client = await connectClient(filesystemServer(root));
  clients.push(client);
  const guard = createGuard({
    connectors: connectorsFromMcpTools(await client.listTools(), {
      pin: true,
      overrides: {
        write_file: { requiredPermissions: ["files:write"] },
        list_directory: { rateLimit: 2 },
      },
    }),
    agents: { "research-bot": { permissions: ["files:read"] } },
  });
  return { root, client, guard };
}

function textOf(result: unknown): string {
  const content = (result as McpCallToolResult).content ?? [];
  return content.map((block) => String(block.text ?? "")).join("");
}

describe("guardMcpClient on the filesystem server", () => {
  it("allows a read and records it with the live definition's hash", async () => {
    const { root, client, guard } = await filesystem();
    guardMcpClient(client, { guard, agentId: "research-bot" });
    const result = await client.callTool({
      name: "read_text_file",
      arguments: { path: join(root, "notes.txt") },
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("22% efficient");
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.result.allowed).toBe(true);
    expect(entry?.outcome?.status).toBe("ok");
    expect(entry?.outcome?.outputViolation).toBeUndefined();
    expect(entry?.connectionAttempt.toolDefinitionHash).toBe(
      guard.registry.get("read_text_file").pin,
    );
  });

  it("denies before the request leaves: permission, input schema, rate limit", async () => {
    const { root, client, guard } = await filesystem();
    guardMcpClient(client, { guard, agentId: "research-bot" });
    const target = join(root, "evil.txt");
    const write = await client.callTool({
      name: "write_file",
      arguments: { path: target, content: "x" },
    });
    expect(write.isError).toBe(true);
    expect(textOf(write)).toContain("missing required permissions: files:write");
    expect(toolCallDenialOf(write)?.check).toBe("permission");
    expect(existsSync(target)).toBe(false);

    const badInput = await client.callTool({ name: "read_text_file", arguments: { path: 42 } });
    expect(toolCallDenialOf(badInput)?.check).toBe("input-schema");
    expect(toolCallDenialOf(badInput)?.reason).toContain("/path must be string");

    for (let call = 0; call < 2; call++) {
      const listed = await client.callTool({ name: "list_directory", arguments: { path: root } });
      expect(listed.isError).toBeFalsy();
    }
    const limited = await client.callTool({ name: "list_directory", arguments: { path: root } });
    expect(toolCallDenialOf(limited)?.check).toBe("rate-limit");
    expect(toolCallDenialOf(limited)?.retryAfterMs).toBeGreaterThan(0);
    expect(guard.auditLog.deniedEntries().map((entry) => entry.result.check)).toEqual([
      "permission",
      "input-schema",
      "rate-limit",
    ]);
  });

  it("records a result with isError as an error of the tool and returns it as it is", async () => {
    const { client, guard } = await filesystem();
    guardMcpClient(client, { guard, agentId: "research-bot" });
    const result = await client.callTool({
      name: "read_text_file",
      arguments: { path: "/etc/hostname" },
    });
    expect(result.isError).toBe(true);
    expect(toolCallDenialOf(result)).toBeUndefined();
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.result.allowed).toBe(true);
    expect(entry?.outcome?.status).toBe("error");
    expect(entry?.outcome?.error).toContain("Access denied");
  });

  it("throws InterceptorError with onDenied: 'throw'", async () => {
    const { root, client, guard } = await filesystem();
    guardMcpClient(client, { guard, agentId: "research-bot", onDenied: "throw" });
    await expect(
      client.callTool({ name: "write_file", arguments: { path: join(root, "x"), content: "" } }),
    ).rejects.toSatisfy((error) => InterceptorError.isInstance(error));
  });

  it("denies and audits a call with no identity, saying how to pass one", async () => {
    const { root, client, guard } = await filesystem();
    guardMcpClient(client, { guard });
    const result = await client.callTool({
      name: "read_text_file",
      arguments: { path: join(root, "notes.txt") },
    });
    expect(toolCallDenialOf(result)?.check).toBe("permission");
    expect(textOf(result)).toContain("pass agentId, resolveAgentId");
    const [entry] = guard.auditLog.deniedEntries();
    expect(entry?.connectionAttempt.connectorName).toBe("read_text_file");
    expect(entry?.result.reason).toContain("the call names no agent");
  });

  it("reads the identity per call and shows only callable tools with filterTools", async () => {
    const { client, guard } = await filesystem();
    let current: string | undefined = "research-bot";
    guardMcpClient(client, { guard, resolveAgentId: () => current, filterTools: true });
    const visible = (await client.listTools()).tools.map((tool) => tool.name);
    expect(visible).toContain("read_text_file");
    expect(visible).not.toContain("write_file");
    current = undefined;
    expect((await client.listTools()).tools).toEqual([]);
  });

  it("refuses bad options and a second guard on one client", async () => {
    const { client, guard } = await filesystem();
    expect(() => guardMcpClient(client, { guard, onDenied: "result" as never })).toThrow(
      /onDenied must be "tool-error" or "throw"/,
    );
    expect(() =>
      guardMcpClient(client, { guard, agentId: "a", resolveAgentId: () => "b" }),
    ).toThrow(/not both/);
    guardMcpClient(client, { guard, agentId: "research-bot" });
    expect(() => guardMcpClient(client, { guard, agentId: "research-bot" })).toThrow(
      /guarded already/,
    );
  });
});

describe("guardMcpClient output check", () => {
  it("checks structuredContent, not the whole CallToolResult (everything server)", async () => {
    const client = await connectClient(everythingServer());
    clients.push(client);
    const listed = await client.listTools();
    const guard = createGuard({
      connectors: connectorsFromMcpTools(listed),
      agents: { bot: { permissions: [] } },
      outputCheck: "enforce",
    });
    guardMcpClient(client, { guard, agentId: "bot" });
    const result = await client.callTool({
      name: "get-structured-content",
      arguments: { location: "Chicago" },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ conditions: expect.any(String) });
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.outcome).toMatchObject({ status: "ok" });
    expect(entry?.outcome?.outputViolation).toBeUndefined();
  });

  it("withholds structuredContent that breaks the reviewed outputSchema", async () => {
    const client = await connectClient(everythingServer());
    clients.push(client);
    const guard = createGuard({
      connectors: connectorsFromMcpTools(await client.listTools(), {
        overrides: {
          "get-structured-content": {
            outputSchema: { type: "object", required: ["pressure"] },
            outputCheck: "enforce",
          },
        },
      }),
      agents: { bot: { permissions: [] } },
    });
    guardMcpClient(client, { guard, agentId: "bot" });
    const result = await client.callTool({
      name: "get-structured-content",
      arguments: { location: "Chicago" },
    });
    expect(toolCallDenialOf(result)?.check).toBe("output");
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toContain("must have required property 'pressure'");
    expect(guard.auditLog.allEntries()[0]?.outcome?.outputViolation).toContain("pressure");
  });
});

describe("guardMcpClient and tools/list_changed", () => {
  it("denies a tool whose definition changed at the pin check, and keeps the app's handler", async () => {
    const client = await connectClient(fixtureServer());
    clients.push(client);
    const guard = createGuard({
      connectors: connectorsFromMcpTools(await client.listTools(), { pin: true }),
      agents: { bot: { permissions: [] } },
    });
    let noticed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      noticed++;
    });
    guardMcpClient(client, { guard, agentId: "bot" });
    const before = await client.callTool({ name: "send_report", arguments: { text: "q3" } });
    expect(textOf(before)).toBe("sent: q3");

    await client.callTool({ name: "update_server", arguments: {} });
    await expect.poll(() => noticed, { timeout: 5000 }).toBe(1);
    const after = await client.callTool({ name: "send_report", arguments: { text: "q4" } });
    expect(toolCallDenialOf(after)?.check).toBe("pin");
    expect(textOf(after)).toContain("changed since it was pinned");
    // The tool that did not change is still allowed.
    const weather = await client.callTool({ name: "lookup_weather", arguments: { city: "Oslo" } });
    expect(textOf(weather)).toBe("sunny in Oslo");
  });

  it("enforces the server's own oneOf", async () => {
    const client = await connectClient(fixtureServer());
    clients.push(client);
    const guard = createGuard({
      connectors: connectorsFromMcpTools(await client.listTools()),
      agents: { bot: { permissions: [] } },
    });
    guardMcpClient(client, { guard, agentId: "bot" });
    const both = await client.callTool({
      name: "lookup_weather",
      arguments: { city: "Oslo", zip: "12345" },
    });
    expect(toolCallDenialOf(both)?.check).toBe("input-schema");
    expect(toolCallDenialOf(both)?.reason).toContain("oneOf");
  });
});
