import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CryptoKey, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/commands/run-cli.js";
import { formatDecision } from "../src/cli/format-decision.js";
import { parseAttempts } from "../src/cli/parse-attempts.js";
import { terminalStyle } from "../src/cli/terminal-style.js";
import { toolDefinitionHash } from "../src/index.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { requireBuild } from "./support/built-package.js";
import { memoryIo } from "./support/memory-io.js";
import { spawnCli } from "./support/spawn-cli.js";

const temporaryFolder = useTemporaryFolder();
const issuer = "https://auth.example.test";
const audience = "connectorguard";
const pin = toolDefinitionHash({ description: "Search", inputSchema: { type: "object" } });

let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let intruder: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  keys = await generateKeyPair("ES256", { extractable: true });
  intruder = await generateKeyPair("ES256");
});

function sign(privateKey: CryptoKey, subject = "agent-7"): Promise<string> {
  return new SignJWT({ sub: subject, scope: "db:write" })
    .setProtectedHeader({ alg: "ES256" })
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime("10m")
    .sign(privateKey);
}

/** A project folder: a policy with token verification (PEM file) and per-connector options. */
async function project(extra = ""): Promise<string> {
  const folder = await temporaryFolder();
  await mkdir(join(folder, "keys"));
  await writeFile(join(folder, "keys", "auth.pem"), await exportSPKI(keys.publicKey));
  await writeFile(join(folder, "registry.json"), '{ "connectors": {} }');
  await writeFile(
    join(folder, "policy.yaml"),
    `connectors:
  - name: db-write
    version: "1"
    requiredPermissions: [db:write]
  - name: search
    version: "2"
    mode: shadow
    pin: ${pin}
    output_check: enforce
capabilityTokens:
  algorithms: [ES256]
  issuer: ${issuer}
  audience: ${audience}
  publicKeyFile: keys/auth.pem
${extra}`,
  );
  return folder;
}

describe("CLI with the hardened policy options", () => {
  it("check verifies a --token against a PEM public key file and prints the verified agent", {
    timeout: 60_000,
  }, async () => {
    requireBuild();
    const cwd = await project();
    const token = await sign(keys.privateKey);
    const attempt = JSON.stringify({ connector_name: "db-write", source_agent: "claimed" });
    const args = ["check", "--config", "policy.yaml"];
    const allowed = await spawnCli(cwd, [...args, "--token", token], { input: attempt });
    expect(allowed).toEqual({
      code: 0,
      stdout: "[ALLOW] db-write (agent=agent-7, verified by token) — all checks passed\n",
      stderr: "",
    });
    const forged = await spawnCli(cwd, [...args, "--token", await sign(intruder.privateKey)], {
      input: attempt,
    });
    expect(forged.code).toBe(1);
    expect(forged.stdout).toBe(
      "[DENY ] db-write (agent=claimed) — capability token rejected: bad signature\n",
    );
    const audit = await readFile(join(cwd, ".connectorguard_audit.jsonl"), "utf8");
    expect(audit.split("\n").filter(Boolean)).toHaveLength(2);
    expect(audit).toContain('"sourceAgent":"agent-7"');
    expect(audit).not.toContain(token);
  });

  it("check takes the token from the attempt file and prints it as JSON", async () => {
    const cwd = await project();
    const token = await sign(keys.privateKey, "agent-9");
    await writeFile(
      join(cwd, "call.json"),
      JSON.stringify({ connectorName: "db-write", capabilityToken: token }),
    );
    const audit = join(cwd, "audit.jsonl");
    const config = join(cwd, "policy.yaml");
    const base = ["check", join(cwd, "call.json"), "--config", config, "--audit-file", audit];
    const json = memoryIo();
    expect(await runCli([...base, "--output", "json"], json.io)).toBe(0);
    expect(JSON.parse(json.written.stdout)).toMatchObject({
      connectorName: "db-write",
      sourceAgent: "watched-agent",
      allowed: true,
      verifiedAgent: "agent-9",
    });

    const twice = memoryIo();
    expect(await runCli([...base, "--token", token], twice.io)).toBe(2);
    expect(twice.written.stderr).toBe(
      `connectorguard: error: check: ${join(cwd, "call.json")} carries a capability_token and --token gives another; give one\n`,
    );
  });

  it("a missing secret variable is one line on stderr naming the policy file and key", async () => {
    const cwd = await project();
    const policy = join(cwd, "policy.yaml");
    const text = await readFile(policy, "utf8");
    await writeFile(
      policy,
      text
        .replace("algorithms: [ES256]", "algorithms: [HS256]")
        .replace("publicKeyFile: keys/auth.pem", "secretEnv: CG_CLI_TEST_SECRET"),
    );
    const attempt = JSON.stringify({ connector_name: "db-write" });
    const args = ["check", "--config", policy, "--audit-file", join(cwd, "audit.jsonl")];
    const missing = memoryIo({ stdin: attempt });
    expect(await runCli(args, missing.io)).toBe(2);
    expect(missing.written.stderr).toBe(
      `connectorguard: error: ${policy}:14:3: /capabilityTokens/secretEnv: environment variable CG_CLI_TEST_SECRET is not set (it must hold the HMAC secret)\n`,
    );
    const secret = "a-cli-test-secret-of-at-least-32-bytes";
    const token = await new SignJWT({ sub: "agent-3", scope: "db:write" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode(secret));
    const present = memoryIo({ stdin: attempt, env: { CG_CLI_TEST_SECRET: secret } });
    expect(await runCli([...args, "--token", token], present.io)).toBe(0);
    expect(present.written.stdout).toBe(
      "[ALLOW] db-write (agent=agent-3, verified by token) — all checks passed\n",
    );
    // Listing needs no secret: keys are read only to decide.
    const listed = memoryIo();
    const registry = join(cwd, "registry.json");
    expect(await runCli(["list", "--config", policy, "--registry-file", registry], listed.io)).toBe(
      0,
    );
    expect(listed.written.stdout).toContain("db-write");
  });

  it("list shows each connector's own mode, pin and output check", async () => {
    const cwd = await project();
    const { io, written } = memoryIo();
    const registry = join(cwd, "registry.json");
    expect(
      await runCli(["list", "--config", join(cwd, "policy.yaml"), "--registry-file", registry], io),
    ).toBe(0);
    expect(written.stdout).toBe(
      "db-write  v1  rate limit 60/window  permissions: db:write  input schema: no\n" +
        `search    v2  rate limit 60/window  permissions: none      input schema: no   mode: shadow  pin: ${pin.slice(0, 19)}…  output check: enforce\n`,
    );
  });

  it("watch applies the policy's mode, and a pinned connector takes tool_definition_hash", async () => {
    const cwd = await project("mode: shadow\ninputLimits: { maxDepth: 2 }\n");
    const token = await sign(keys.privateKey);
    await mkdir(join(cwd, "agent"));
    await writeFile(
      join(cwd, "agent", "calls.json"),
      JSON.stringify([
        { connector_name: "db-write", capability_token: token, input_data: { a: { b: {} } } },
        { connector_name: "search", tool_definition_hash: pin },
        { connector_name: "search", capability_token: token },
      ]),
    );
    const { io, written } = memoryIo();
    const args = ["watch", "--agent", join(cwd, "agent"), "--config", join(cwd, "policy.yaml")];
    expect(await runCli([...args, "--audit-file", join(cwd, "audit.jsonl")], io)).toBe(0);
    expect(written.stdout.split("\n").slice(0, 3)).toEqual([
      "  [ALLOW] db-write (agent=agent-7, verified by token) — shadow mode: would deny at input-schema: input too deeply nested (over the limit of 2 levels)",
      "  [ALLOW] search   (agent=watched-agent) — shadow mode: would deny at permission: a capability token is required (capabilityTokens.required) and the attempt carries none",
      `  [ALLOW] search   (agent=watched-agent) — shadow mode: would deny at pin: connector 'search' is pinned to ${pin} but the call carries no tool definition hash`,
    ]);
  });

  it("reads tokens and definition hashes from attempts, and formats the verified agent", () => {
    expect(
      parseAttempts(
        { connector_name: "a", capability_token: "t.o.k", tool_definition_hash: "sha256:00" },
        "f.json",
      ),
    ).toEqual([
      {
        connectorName: "a",
        inputData: {},
        capabilityToken: "t.o.k",
        toolDefinitionHash: "sha256:00",
      },
    ]);
    expect(() => parseAttempts({ connector_name: "a", capabilityToken: 5 }, "f.json")).toThrow(
      "f.json: capability_token must be a non-empty string (got number)",
    );
    const style = terminalStyle({ write: () => 0 }, {});
    const result = {
      allowed: true,
      reason: "all checks passed",
      latencyMs: 0,
      verifiedAgent: "a-7",
    };
    expect(formatDecision("db", "claimed", result, style)).toBe(
      "  [ALLOW] db (agent=a-7, verified by token) — all checks passed",
    );
  });
});
