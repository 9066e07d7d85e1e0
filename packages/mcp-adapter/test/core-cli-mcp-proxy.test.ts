import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { connectorsFromMcpTools, toolCallDenialOf } from "../src/index.js";
import { connectClient, everythingServer, scratchDirectory } from "./support/mcp-servers.js";
import { writePolicy } from "./support/proxy-process.js";

const require = createRequire(import.meta.url);
const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("connectorguard mcp-proxy (the core CLI)", () => {
  it("loads this package from the project it runs in and proxies", async () => {
    const coreCli = join(
      dirname(require.resolve("@aumai/connectorguard/package.json")),
      "dist",
      "cli.js",
    );
    const direct = await connectClient(everythingServer());
    const policy = writePolicy(scratchDirectory(), {
      connectors: connectorsFromMcpTools(await direct.listTools(), {
        overrides: { "get-env": { requiredPermissions: ["debug:env"] } },
      }),
      agents: { "desktop-user": { permissions: [] } },
    });
    await direct.close();
    const server = everythingServer();
    const client = new Client({ name: "core-cli", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [
          coreCli,
          "mcp-proxy",
          "--config",
          policy,
          "--agent-id",
          "desktop-user",
          "--",
          server.command,
          ...server.args,
        ],
        // The project directory: the core resolves @aumai/connectorguard-mcp from it, not
        // from pnpm's NODE_PATH.
        cwd: packageDirectory,
        env: { PATH: process.env.PATH ?? "", NODE_PATH: "" },
        stderr: "ignore",
      }),
    );
    try {
      const echoed = await client.callTool({ name: "echo", arguments: { message: "via core" } });
      expect(echoed.content).toEqual([{ type: "text", text: "Echo: via core" }]);
      const env = await client.callTool({ name: "get-env", arguments: {} });
      expect(toolCallDenialOf(env)?.check).toBe("permission");
    } finally {
      await client.close();
    }
  });
});
