import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectorsFromMcpTools,
  type RunningMcpProxy,
  runMcpProxy,
  toolCallDenialOf,
} from "../src/index.js";
import { connectClient, everythingServer, scratchDirectory } from "./support/mcp-servers.js";
import { writePolicy } from "./support/proxy-process.js";

const secret = randomBytes(32);
const env = { ...process.env, CG_TEST_SECRET: secret.toString("base64") };

function token(subject: string, scope: string, key: Uint8Array = secret): Promise<string> {
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuer("auth.test")
    .setAudience("connectorguard")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(key);
}

let proxy: RunningMcpProxy;
const serverLog: string[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  const directory = scratchDirectory();
  const direct = await connectClient(everythingServer());
  const connectors = connectorsFromMcpTools(await direct.listTools(), {
    overrides: { "get-env": { requiredPermissions: ["debug:env"] } },
  });
  await direct.close();
  const server = everythingServer();
  proxy = await runMcpProxy({
    config: writePolicy(directory, {
      connectors,
      capabilityTokens: {
        algorithms: ["HS256"],
        issuer: "auth.test",
        audience: "connectorguard",
        secretEnv: "CG_TEST_SECRET",
        secretEncoding: "base64",
      },
      audit: { jsonl: { path: join(directory, "audit.jsonl") } },
    }),
    command: [server.command, ...server.args],
    listen: "127.0.0.1:0",
    env,
    stderr: { write: (text) => serverLog.push(String(text)) },
  });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await proxy?.close();
});

async function connectWith(bearer: string): Promise<Client> {
  const client = new Client({ name: "http-tests", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(proxy.url as string), {
      requestInit: { headers: { Authorization: `Bearer ${bearer}` } },
    }),
  );
  clients.push(client);
  return client;
}

describe("mcp-proxy over Streamable HTTP", () => {
  it("answers 401 with WWW-Authenticate without a token or with a bad one", async () => {
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    };
    const headers = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    const missing = await fetch(proxy.url as string, {
      method: "POST",
      headers,
      body: JSON.stringify(initialize),
    });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    const forged = await fetch(proxy.url as string, {
      method: "POST",
      headers: {
        ...headers,
        authorization: `Bearer ${await token("mallory", "debug:env", randomBytes(32))}`,
      },
      body: JSON.stringify(initialize),
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("www-authenticate")).toContain('error="invalid_token"');
    await expect(connectWith("not-a-jwt")).rejects.toThrow();
  });

  it("takes the agent and its permissions from the bearer token of each request", async () => {
    const reader = await connectWith(await token("reader-bot", ""));
    const debugger_ = await connectWith(await token("debug-bot", "debug:env"));
    expect(reader.getServerVersion()?.name).toContain("everything");

    const echoed = await reader.callTool({ name: "echo", arguments: { message: "over http" } });
    expect(echoed.content).toEqual([{ type: "text", text: "Echo: over http" }]);
    const denied = await reader.callTool({ name: "get-env", arguments: {} });
    expect(toolCallDenialOf(denied)?.reason).toContain(
      "agent 'reader-bot' is missing required permissions: debug:env",
    );
    const allowed = await debugger_.callTool({ name: "get-env", arguments: {} });
    expect(allowed.isError).toBeFalsy();

    const agents = proxy.guard.auditLog
      .allEntries()
      .map(
        (entry) =>
          `${entry.connectionAttempt.sourceAgent}:${entry.connectionAttempt.connectorName}:${entry.result.allowed}`,
      );
    expect(agents).toEqual([
      "reader-bot:echo:true",
      "reader-bot:get-env:false",
      "debug-bot:get-env:true",
    ]);
  });

  it("ignores an agent named in the tool's arguments", async () => {
    const reader = await connectWith(await token("reader-bot", ""));
    await reader.callTool({ name: "echo", arguments: { message: "x", agentId: "debug-bot" } });
    const last = proxy.guard.auditLog.allEntries().at(-1);
    expect(last?.connectionAttempt.sourceAgent).toBe("reader-bot");
  });

  it("passes resources and prompts through over HTTP", async () => {
    const client = await connectWith(await token("reader-bot", ""));
    expect((await client.listResources()).resources.length).toBeGreaterThan(0);
    expect((await client.listPrompts()).prompts.length).toBeGreaterThan(0);
    await expect(client.ping()).resolves.toBeDefined();
  });
});
