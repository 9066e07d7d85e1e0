import { spawn } from "node:child_process";
import { createGuard } from "@aumai/connectorguard";
import { describe, expect, it } from "vitest";
import { mcpToolDefinitionHash } from "../src/index.js";
import { connectClient, everythingServer } from "./support/mcp-servers.js";
import { proxyCommand } from "./support/proxy-process.js";

function run(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // proxyCommand builds "<cli> mcp-proxy … -- server"; swap the subcommand.
  const { command, args: all } = proxyCommand([], everythingServer());
  const cli = all.slice(0, all.indexOf("mcp-proxy"));
  return new Promise((resolve) => {
    const child = spawn(command, [...cli, "connectors", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("connectorguard-mcp connectors", () => {
  it("prints a policy of the server's tools, pinned, that a guard accepts", async () => {
    const server = everythingServer();
    const printed = await run(["--pin", "--", server.command, ...server.args]);
    expect(printed.code).toBe(0);
    const policy = JSON.parse(printed.stdout) as {
      connectors: { name: string; version: string; pin?: string }[];
    };
    const guard = createGuard({ connectors: policy.connectors });
    const direct = await connectClient(server);
    const { tools } = await direct.listTools();
    await direct.close();
    expect(guard.registry.allNames()).toEqual(tools.map((tool) => tool.name).sort());
    const echo = tools.find((tool) => tool.name === "echo");
    expect(policy.connectors.find((connector) => connector.name === "echo")?.pin).toBe(
      mcpToolDefinitionHash(echo as (typeof tools)[number]),
    );
  });

  it("exits 2 with one line for a missing command or an unknown option", async () => {
    for (const args of [["--pin"], ["--pins", "--", "node"]]) {
      const failed = await run(args);
      expect(failed.code).toBe(2);
      expect(failed.stderr.trim().split("\n")).toHaveLength(1);
      expect(failed.stderr).toMatch(/usage: connectorguard-mcp connectors/);
    }
  });
});
