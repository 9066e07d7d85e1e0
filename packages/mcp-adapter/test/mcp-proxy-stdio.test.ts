import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorsFromMcpTools, toolCallDenialOf } from "../src/index.js";
import {
  connectClient,
  everythingServer,
  fixtureServer,
  type ServerCommand,
  scratchDirectory,
} from "./support/mcp-servers.js";
import { proxyCommand, readAuditRecords, writePolicy } from "./support/proxy-process.js";

let directory: string;
let policyPath: string;
let auditPath: string;

beforeAll(async () => {
  directory = scratchDirectory();
  auditPath = join(directory, "audit.jsonl");
  const direct = await connectClient(everythingServer());
  const connectors = connectorsFromMcpTools(await direct.listTools(), {
    overrides: {
      "get-env": { requiredPermissions: ["debug:env"] },
      "get-sum": { rateLimit: 2 },
    },
  });
  await direct.close();
  // The tools the server registers once it knows the client can sample.
  connectors.push({
    name: "trigger-sampling-request",
    version: "1.0.0",
    rateLimit: 60,
    requiredPermissions: [],
  });
  policyPath = writePolicy(directory, {
    connectors,
    agents: { "desktop-user": { permissions: [] } },
    audit: { jsonl: { path: auditPath } },
  });
});

async function throughProxy(
  proxyArgs: readonly string[],
  server: ServerCommand = everythingServer(),
  options: ConstructorParameters<typeof Client>[1] = {},
) {
  const command = proxyCommand(proxyArgs, server);
  const transport = new StdioClientTransport({
    command: command.command,
    args: [...command.args],
    cwd: process.cwd(),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: "proxy-tests", version: "1.0.0" }, options);
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

describe("mcp-proxy over stdio, in front of the everything server", () => {
  let client: Client;

  beforeAll(async () => {
    ({ client } = await throughProxy(["--config", policyPath, "--agent-id", "desktop-user"]));
  });
  afterAll(async () => {
    await client?.close();
  });

  it("passes the server's own initialize answer through", () => {
    expect(client.getServerVersion()?.name).toContain("everything");
    expect(client.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      resources: { subscribe: true },
      prompts: {},
    });
    expect(client.getInstructions()).toBeTypeOf("string");
  });

  it("decides tools/call: allowed, permission, input schema, rate limit", async () => {
    const echoed = await client.callTool({ name: "echo", arguments: { message: "hi" } });
    expect(echoed.content).toEqual([{ type: "text", text: "Echo: hi" }]);
    const env = await client.callTool({ name: "get-env", arguments: {} });
    expect(toolCallDenialOf(env)?.check).toBe("permission");
    expect(JSON.stringify(env.content)).not.toContain("PATH");
    const bad = await client.callTool({ name: "echo", arguments: { message: 7 } });
    expect(toolCallDenialOf(bad)?.check).toBe("input-schema");
    for (const _ of [1, 2]) {
      const sum = await client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } });
      expect(sum.isError).toBeFalsy();
    }
    const limited = await client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } });
    expect(toolCallDenialOf(limited)?.check).toBe("rate-limit");
  });

  it("passes resources, prompts, completions, logging and ping through unchanged", async () => {
    const resources = await client.listResources();
    expect(resources.resources.length).toBeGreaterThan(0);
    const first = resources.resources[0];
    const read = await client.readResource({ uri: first?.uri ?? "" });
    expect(read.contents[0]?.uri).toBe(first?.uri);
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.length).toBeGreaterThan(0);
    const prompts = await client.listPrompts();
    const simple = prompts.prompts.find((prompt) => prompt.name === "simple-prompt");
    expect(simple).toBeDefined();
    const prompt = await client.getPrompt({ name: "simple-prompt" });
    expect(prompt.messages.length).toBeGreaterThan(0);
    const argumentsPrompt = prompts.prompts.find((candidate) => (candidate.arguments ?? []).length);
    expect(argumentsPrompt).toBeDefined();
    const completion = await client.complete({
      ref: { type: "ref/prompt", name: argumentsPrompt?.name ?? "" },
      argument: { name: argumentsPrompt?.arguments?.[0]?.name ?? "", value: "" },
    });
    expect(Array.isArray(completion.completion.values)).toBe(true);
    await expect(client.setLoggingLevel("debug")).resolves.toBeDefined();
    await expect(client.ping()).resolves.toBeDefined();
  });

  it("passes progress notifications of an allowed call through", async () => {
    const progress: number[] = [];
    const result = await client.callTool(
      { name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (update) => progress.push(update.progress) },
    );
    expect(result.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it("passes a cancellation through and records the call as cancelled", async () => {
    const controller = new AbortController();
    const call = client.callTool(
      { name: "trigger-long-running-operation", arguments: { duration: 5, steps: 5 } },
      undefined,
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort("user pressed stop"), 200);
    await expect(call).rejects.toThrow();
    // The connection stays healthy.
    const echoed = await client.callTool({ name: "echo", arguments: { message: "after" } });
    expect(echoed.content).toEqual([{ type: "text", text: "Echo: after" }]);
    await expect
      .poll(() =>
        readAuditRecords(existsSync(auditPath) ? readFileSync(auditPath, "utf8") : "").some(
          (record) =>
            record.connectionAttempt.connectorName === "trigger-long-running-operation" &&
            String(record.outcome?.error).includes("cancelled by the client"),
        ),
      )
      .toBe(true);
  });
});

describe("mcp-proxy: the server's requests to the client, and list_changed", () => {
  it("relays sampling requests and the tools the server adds after initialize", async () => {
    const { client } = await throughProxy(
      ["--config", policyPath, "--agent-id", "desktop-user"],
      everythingServer(),
      { capabilities: { sampling: {} } },
    );
    try {
      client.setRequestHandler(CreateMessageRequestSchema, async () => ({
        model: "scripted",
        role: "assistant",
        content: { type: "text", text: "sampled through the proxy" },
      }));
      await expect
        .poll(async () => (await client.listTools()).tools.map((tool) => tool.name), {
          timeout: 5000,
        })
        .toContain("trigger-sampling-request");
      const result = await client.callTool({
        name: "trigger-sampling-request",
        arguments: { prompt: "hello", maxTokens: 10 },
      });
      expect(JSON.stringify(result.content)).toContain("sampled through the proxy");
    } finally {
      await client.close();
    }
  });

  it("denies a tool changed behind a list_changed at the pin check", async () => {
    const direct = await connectClient(fixtureServer());
    const policy = writePolicy(
      directory,
      {
        connectors: connectorsFromMcpTools(await direct.listTools(), { pin: true }),
        agents: { bot: { permissions: [] } },
      },
      "pinned.json",
    );
    await direct.close();
    const { client } = await throughProxy(
      ["--config", policy, "--agent-id", "bot"],
      fixtureServer(),
    );
    try {
      const before = await client.callTool({ name: "send_report", arguments: { text: "a" } });
      expect(before.content).toEqual([{ type: "text", text: "sent: a" }]);
      await client.callTool({ name: "update_server", arguments: {} });
      await expect
        .poll(async () => {
          const after = await client.callTool({ name: "send_report", arguments: { text: "b" } });
          return toolCallDenialOf(after)?.check;
        })
        .toBe("pin");
    } finally {
      await client.close();
    }
  });

  it("hides tools the agent may not call with --filter-tools", async () => {
    const { client } = await throughProxy([
      "--config",
      policyPath,
      "--agent-id",
      "desktop-user",
      "--filter-tools",
    ]);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain("echo");
      expect(names).not.toContain("get-env");
    } finally {
      await client.close();
    }
  });
});

describe("mcp-proxy: failures", () => {
  it("skips a line that is not JSON-RPC, and answers a JSON-RPC error, not a hang, when the server dies mid-call", async () => {
    const direct = await connectClient(fixtureServer());
    const policy = writePolicy(
      directory,
      {
        connectors: connectorsFromMcpTools(await direct.listTools()),
        agents: { bot: { permissions: [] } },
      },
      "crash.json",
    );
    await direct.close();
    const { client, stderr } = await throughProxy(
      ["--config", policy, "--agent-id", "bot"],
      fixtureServer(),
    );
    // A line that is not JSON-RPC is skipped (and reported on stderr), not fatal.
    const babbled = await client.callTool({ name: "babble", arguments: {} });
    expect(babbled.content).toEqual([{ type: "text", text: "still here" }]);
    expect(stderr()).toContain("downstream: not a JSON-RPC message: this is not json");
    const started = Date.now();
    await expect(client.callTool({ name: "crash", arguments: {} })).rejects.toThrow(
      /server behind the proxy has exited|Connection closed/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    await client.close();
  });

  it("denies calls without an identity, saying how to pass one", async () => {
    const { client } = await throughProxy(["--config", policyPath]);
    try {
      const result = await client.callTool({ name: "echo", arguments: { message: "x" } });
      expect(toolCallDenialOf(result)?.check).toBe("permission");
      expect(JSON.stringify(result.content)).toContain("--agent-id");
    } finally {
      await client.close();
    }
  });

  for (const [label, args, message] of [
    ["a missing policy file", ["--config", "/nonexistent/policy.yaml"], /policy\.yaml/],
    ["an unknown server command", ["--config", "POLICY"], /not found/],
    ["an unknown option", ["--config", "POLICY", "--agent", "x"], /Unknown option/],
  ] as const) {
    it(`exits 2 with one line on stderr for ${label}`, async () => {
      const resolved = args.map((arg) => (arg === "POLICY" ? policyPath : arg));
      const server =
        label === "an unknown server command"
          ? { command: "no-such-mcp-server-xyz", args: [] }
          : everythingServer();
      const { command, args: all } = proxyCommand(resolved, server);
      const child = spawn(command, all, { stdio: ["pipe", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code).toBe(2);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("on SIGTERM stops the server and flushes the audit file", async () => {
    const pidFile = join(directory, "fixture.pid");
    const direct = await connectClient(fixtureServer());
    const audit = join(directory, "sigterm-audit.jsonl");
    const policy = writePolicy(
      directory,
      {
        connectors: connectorsFromMcpTools(await direct.listTools()),
        agents: { bot: { permissions: [] } },
        audit: { jsonl: { path: audit, durability: "batch" } },
      },
      "sigterm.json",
    );
    await direct.close();
    const { command, args } = proxyCommand(
      ["--config", policy, "--agent-id", "bot"],
      fixtureServer(),
    );
    const child = spawn(command, args, {
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, FIXTURE_PID_FILE: pidFile },
    });
    const client = new Client({ name: "sigterm", version: "1.0.0" });
    const transport = {
      onmessage: undefined as ((message: unknown) => void) | undefined,
      onclose: undefined as (() => void) | undefined,
      onerror: undefined as ((error: Error) => void) | undefined,
      async start() {
        let buffer = "";
        child.stdout.on("data", (chunk: Buffer) => {
          buffer += chunk.toString();
          let newline = buffer.indexOf("\n");
          while (newline !== -1) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line.trim() !== "") transport.onmessage?.(JSON.parse(line));
            newline = buffer.indexOf("\n");
          }
        });
        child.on("close", () => transport.onclose?.());
      },
      async send(message: unknown) {
        child.stdin.write(`${JSON.stringify(message)}\n`);
      },
      async close() {},
    };
    await client.connect(transport as never);
    for (const text of ["one", "two", "three"]) {
      await client.callTool({ name: "send_report", arguments: { text } });
    }
    const serverPid = Number(readFileSync(pidFile, "utf8"));
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(readAuditRecords(readFileSync(audit, "utf8"))).toHaveLength(3);
    await expect
      .poll(() => {
        try {
          process.kill(serverPid, 0);
          return "running";
        } catch {
          return "gone";
        }
      })
      .toBe("gone");
    expect(existsSync(audit)).toBe(true);
  });
});
