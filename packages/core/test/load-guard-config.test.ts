import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  AuditLog,
  ConfigError,
  createGuard,
  findConfigProblem,
  JsonlAuditSink,
  loadGuardConfig,
  readGuardConfigFile,
  verifyAuditLog,
} from "./support/core-internals.js";
import { referenceOpenaiChat } from "./support/reference-connector.js";

const temporaryFolder = useTemporaryFolder();

const openaiChat = referenceOpenaiChat;

const yamlPolicy = `# A policy for the support agents
connectors:
  - connectors/openai-chat.json
  - name: db-write
    version: 2.1.0
    requiredPermissions: [db:write]
agents:
  agent-1:
    permissions: [llm:call]
rateLimitWindowSeconds: 30
onStoreError: deny
audit:
  jsonl:
    path: logs/audit.jsonl
    durability: batch
  memory:
    maxEntries: 500
    maxBytes: 8000000
`;

async function writePolicy(name: string, text: string): Promise<string> {
  const folder = await temporaryFolder();
  await mkdir(join(folder, "connectors"));
  await mkdir(join(folder, "logs"));
  await writeFile(join(folder, "connectors", "openai-chat.json"), openaiChat);
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

async function problemWith(name: string, text: string): Promise<ConfigError> {
  const path = await writePolicy(name, text);
  const error = await readGuardConfigFile(path).catch((caught: unknown) => caught);
  if (!ConfigError.isInstance(error)) throw new Error(`expected a ConfigError, got ${error}`);
  return error;
}

describe("loadGuardConfig", () => {
  it("loads a YAML policy into a working guard with its audit sinks open", async () => {
    const path = await writePolicy("connectorguard.config.yaml", yamlPolicy);
    const config = await loadGuardConfig(path);
    expect(config.connectors.map((connector) => connector.name)).toEqual([
      "openai-chat",
      "db-write",
    ]);
    expect(config.rateLimitWindowSeconds).toBe(30);
    const sinks = config.audit as unknown[];
    expect(sinks[0]).toBeInstanceOf(AuditLog);
    expect((sinks[0] as AuditLog).maxEntries).toBe(500);
    expect((sinks[0] as AuditLog).maxBytes).toBe(8_000_000);
    expect(sinks[1]).toBeInstanceOf(JsonlAuditSink);

    const guard = createGuard(config);
    const allowed = await guard.check({
      connectorName: "openai-chat",
      sourceAgent: "agent-1",
      inputData: { prompt: "hello" },
    });
    const denied = await guard.check({ connectorName: "db-write", sourceAgent: "agent-1" });
    expect(allowed.allowed).toBe(true);
    expect(denied.reason).toBe("agent 'agent-1' is missing required permissions: db:write");
    await guard.close();
    const audit = join(path, "..", "logs", "audit.jsonl");
    expect(await verifyAuditLog(audit)).toMatchObject({ ok: true, entries: 2 });
  });

  it("reads the same policy written as JSON", async () => {
    const policy = {
      connectors: [JSON.parse(openaiChat)],
      agents: { "agent-1": { permissions: ["llm:call"] } },
    };
    const path = await writePolicy("connectorguard.config.json", JSON.stringify(policy));
    const config = await loadGuardConfig(path);
    expect(config.connectors[0]).toMatchObject({ name: "openai-chat", rateLimit: 30 });
    expect(config.audit).toBeUndefined();
  });

  it("names the file, line, JSON Pointer and problem for an invalid value", async () => {
    const error = await problemWith(
      "policy.yaml",
      "agents:\n  bot:\n    permissions:\n      - db:read\n      - 3\n",
    );
    expect(error.message).toBe(
      `${error.file}:5:9: /agents/bot/permissions/1: must be a string (got number)`,
    );
    expect(error).toMatchObject({ pointer: "/agents/bot/permissions/1", line: 5, column: 9 });

    const json = await problemWith("policy.json", '{\n  "agents": {},\n  "audti": {}\n}\n');
    expect(json.message).toBe(
      `${json.file}:3:3: /audti: unknown key 'audti' (known keys: connectors, agents, rateLimitWindowSeconds, onStoreError, rateLimitStore, audit, mode, allowWildcardAll, inputLimits, schemaDialect, outputCheck, unidentified, redaction, capabilityTokens, telemetry)`,
    );
  });

  it("explains enums, missing keys, bad numbers and empty strings", async () => {
    expect(findConfigProblem({ onStoreError: "maybe" })).toEqual({
      path: ["onStoreError"],
      problem: 'must be one of "deny", "allow" (got "maybe")',
    });
    expect(findConfigProblem({ agents: { bot: {} } })).toEqual({
      path: ["agents", "bot"],
      problem: "missing required key 'permissions'",
    });
    expect(findConfigProblem({ rateLimitWindowSeconds: 0 })?.problem).toBe("must be > 0 (got 0)");
    expect(findConfigProblem({ audit: { jsonl: { path: "" } } })).toEqual({
      path: ["audit", "jsonl", "path"],
      problem: "must not be empty",
    });
    expect(findConfigProblem({ connectors: [1] })?.problem).toBe(
      "must be an object or a string (got number)",
    );
    expect(findConfigProblem({ connectors: [] })).toBeUndefined();
  });

  it("reports a bad connector by path, inline or in its own file", async () => {
    const inline = await problemWith(
      "policy.yaml",
      "connectors:\n  - name: db\n    version: '1'\n    rate_limit: 0\n",
    );
    expect(inline.pointer).toBe("/connectors/0/rate_limit");
    expect(inline.message).toContain(
      "/connectors/0/rate_limit: must be an integer from 1 to 1000000 (got 0)",
    );

    const schema = await problemWith(
      "policy.yaml",
      "connectors:\n  - name: db\n    version: '1'\n    inputSchema: { type: objekt }\n",
    );
    expect(schema.pointer).toBe("/connectors/0/inputSchema");
    expect(schema.message).toContain("inputSchema is not a valid JSON Schema");

    const missing = await problemWith("policy.yaml", "connectors:\n  - connectors/nope.json\n");
    expect(missing.message).toMatch(/nope\.json: cannot read the file: no such file$/);

    const twice = await problemWith(
      "policy.yaml",
      "connectors:\n  - connectors/openai-chat.json\n  - { name: openai-chat, version: '2' }\n",
    );
    expect(twice.message).toContain(
      "/connectors/1: connector 'openai-chat' is defined twice (also at /connectors/0)",
    );
  });

  it("reports syntax errors, unknown file types and unreadable files", async () => {
    const json = await problemWith("policy.json", '{\n  "agents": {\n}\n');
    expect(json.message).toMatch(/^.*policy\.json(:\d+:\d+)?: not valid JSON \(/);
    const yaml = await problemWith("policy.yaml", "agents:\n  bot: [a\n");
    expect(yaml.message).toMatch(/policy\.yaml:\d+:\d+: not valid YAML \(/);
    const duplicate = await problemWith("policy.yaml", "agents: {}\nagents: {}\n");
    expect(duplicate.message).toContain("Map keys must be unique");
    const toml = await problemWith("policy.toml", "");
    expect(toml.message).toContain("unsupported file type '.toml': use .json, .yaml or .yml");
    const array = await problemWith("policy.json", "[]");
    expect(array.message).toContain("a policy file must hold an object");
    const folder = await temporaryFolder();
    await expect(readGuardConfigFile(join(folder, "absent.json"))).rejects.toThrow(
      `${join(folder, "absent.json")}: cannot read the file: no such file`,
    );
  });
});
