import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectorsFromMcpTools,
  type RunningMcpProxy,
  runMcpProxy,
  toolCallDenialOf,
} from "../src/index.js";
import { connectClient, everythingServer, scratchDirectory } from "./support/mcp-servers.js";
import { writePolicy } from "./support/proxy-process.js";

let server: ChildProcess | undefined;
let proxy: RunningMcpProxy | undefined;
let serverUrl: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  const everything = everythingServer();
  const started = spawn(everything.command, [everything.args[0] as string, "streamableHttp"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  server = started;
  await new Promise<void>((resolve, reject) => {
    let log = "";
    started.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("listening")) resolve();
    });
    started.once("exit", (code) => reject(new Error(`the server exited (${code}): ${log}`)));
  });
  serverUrl = `http://127.0.0.1:${port}/mcp`;
  const reviewer = await connectClient(everythingServer());
  const connectors = connectorsFromMcpTools(await reviewer.listTools(), {
    overrides: { "get-env": { requiredPermissions: ["debug:env"] } },
  });
  await reviewer.close();
  proxy = await runMcpProxy({
    config: writePolicy(scratchDirectory(), {
      connectors,
      agents: { "http-user": { permissions: [] } },
    }),
    command: [serverUrl],
    listen: "127.0.0.1:0",
    agentId: "http-user",
    stderr: { write: () => true },
  });
});
afterAll(async () => {
  await proxy?.close();
  server?.kill("SIGTERM");
});

describe("mcp-proxy in front of a Streamable HTTP server", () => {
  it("relays HTTP to HTTP and decides every tools/call", async () => {
    const client = new Client({ name: "http-downstream", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxy?.url as string)));
    try {
      expect(client.getServerVersion()?.name).toContain("everything");
      const echoed = await client.callTool({ name: "echo", arguments: { message: "two hops" } });
      expect(echoed.content).toEqual([{ type: "text", text: "Echo: two hops" }]);
      const denied = await client.callTool({ name: "get-env", arguments: {} });
      expect(toolCallDenialOf(denied)?.check).toBe("permission");
      expect((await client.listPrompts()).prompts.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("refuses arguments after a server URL", async () => {
    await expect(
      runMcpProxy({ config: "unused.json", command: [serverUrl, "--verbose"] }),
    ).rejects.toThrow(/a server URL takes no arguments/);
  });
});
