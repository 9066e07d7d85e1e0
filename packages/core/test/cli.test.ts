import { spawn } from "node:child_process";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { builtCliPath, requireBuild } from "./support/built-package.js";
import { referenceOpenaiChat } from "./support/reference-connector.js";
import { type CliRun, spawnCli } from "./support/spawn-cli.js";

const temporaryFolder = useTemporaryFolder();

const openaiChat = referenceOpenaiChat;

const policy = {
  connectors: [{ name: "db-write", version: "2.0.0", requiredPermissions: ["db:write"] }],
  agents: { "agent-1": { permissions: ["llm:call"] } },
};

async function project(): Promise<string> {
  const folder = await temporaryFolder();
  await writeFile(join(folder, "openai-chat.json"), openaiChat);
  await writeFile(join(folder, "policy.json"), JSON.stringify(policy));
  await mkdir(join(folder, "agent"));
  return folder;
}

/** A user mistake: exit code 2 and exactly one line on stderr, without a stack trace. */
function expectMistake(run: CliRun, message: string | RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^connectorguard: error: /);
  expect(lines[0]).not.toMatch(/\n\s+at /);
  if (typeof message === "string") expect(lines[0]).toContain(message);
  else expect(lines[0]).toMatch(message);
}

/** Runs tasks a few at a time: each spawns a Node process, and the machine has few cores. */
async function inBatches<Result>(tasks: (() => Promise<Result>)[], size = 4): Promise<Result[]> {
  const results: Result[] = [];
  for (let start = 0; start < tasks.length; start += size) {
    results.push(...(await Promise.all(tasks.slice(start, start + size).map((task) => task()))));
  }
  return results;
}

// Each test spawns the binary several times; on a loaded machine that takes seconds.
describe("connectorguard CLI (the built binary)", { timeout: 60_000 }, () => {
  beforeAll(() => requireBuild());

  it("registers, lists, watches, audits and verifies, end to end", async () => {
    const cwd = await project();
    const registered = await spawnCli(cwd, ["register", "--schema", "openai-chat.json"]);
    expect(registered).toEqual({
      code: 0,
      stdout: "Registered connector 'openai-chat' v1.0.0 -> .connectorguard_registry.json\n",
      stderr: "",
    });

    const listed = await spawnCli(cwd, ["list", "--config", "policy.json"]);
    expect(listed.stdout).toBe(
      "db-write     v2.0.0  rate limit 60/window  permissions: db:write  input schema: no\n" +
        "openai-chat  v1.0.0  rate limit 30/window  permissions: llm:call  input schema: yes\n",
    );

    await writeFile(
      join(cwd, "agent", "01-calls.json"),
      JSON.stringify([
        { connector_name: "openai-chat", source_agent: "agent-1", input_data: { prompt: "hi" } },
        { connectorName: "openai-chat", sourceAgent: "agent-1", inputData: { model: "x" } },
        { connector_name: "db-write", source_agent: "agent-1", input_data: {} },
      ]),
    );
    await writeFile(
      join(cwd, "agent", "02-single.json"),
      JSON.stringify({ connector_name: "shell" }),
    );
    await writeFile(join(cwd, "agent", "notes.txt"), "not an attempt file");
    const watched = await spawnCli(cwd, ["watch", "--agent", "agent", "--config", "policy.json"]);
    expect(watched.stdout).toBe(
      [
        "  [ALLOW] openai-chat (agent=agent-1) — all checks passed",
        "  [DENY ] openai-chat (agent=agent-1) — input validation failed: must have required property 'prompt'",
        "  [DENY ] db-write    (agent=agent-1) — agent 'agent-1' is missing required permissions: db:write",
        "  [DENY ] shell       (agent=watched-agent) — connector 'shell' is not registered",
        "",
        "Processed 4 attempt(s) from 2 file(s): 1 allowed, 3 denied.",
        "",
      ].join("\n"),
    );
    expect(watched.stderr).toBe("");
    expect(watched.code).toBe(1);

    const audited = await spawnCli(cwd, ["audit", "--since", "30m"]);
    expect(audited.code).toBe(0);
    expect(audited.stdout).toMatch(
      /^\S+Z {2}#1 {2}ALLOW {2}openai-chat {2}agent=agent-1 {8}all checks passed\n/,
    );
    expect(audited.stdout).toContain(
      "4 entries in the last 30m (1 allowed, 3 denied) from .connectorguard_audit.jsonl\n",
    );
    const denied = await spawnCli(cwd, [
      "audit",
      "--denied",
      "--connector",
      "openai-chat",
      "--output",
      "json",
    ]);
    const records = JSON.parse(denied.stdout);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ seq: 2, result: { allowed: false, check: "input-schema" } });
    const byAgent = await spawnCli(cwd, ["audit", "--agent", "watched-agent"]);
    expect(byAgent.stdout).toContain("1 entry in the last 1h (0 allowed, 1 denied)");

    const verified = await spawnCli(cwd, ["verify"]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(
      /^OK: 4 entries verified in \.connectorguard_audit\.jsonl\nhead: 4:[0-9a-f]{64}\n$/,
    );
    const checkpoint = /head: (\S+)/.exec(verified.stdout)?.[1] as string;
    const withCheckpoint = await spawnCli(cwd, ["verify", "--checkpoint", checkpoint]);
    expect(withCheckpoint.stdout).toContain("checkpoint matched: seq 4\n");

    // Tampering: an edited decision is found by verify and by audit.
    const auditPath = join(cwd, ".connectorguard_audit.jsonl");
    const lines = (await readFile(auditPath, "utf8")).split("\n");
    lines[2] = (lines[2] as string).replace('"allowed":false', '"allowed":true');
    await writeFile(auditPath, lines.join("\n"));
    const broken = await spawnCli(cwd, ["verify"]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      "BROKEN: .connectorguard_audit.jsonl:3: seq 3: hash does not match the record's content (the record was edited)\n2 entries before it verified\n",
    );
    const auditOfBroken = await spawnCli(cwd, ["audit"]);
    expect(auditOfBroken.code).toBe(1);
    expect(auditOfBroken.stdout).toContain("2 entries in the last 1h");
    expect(auditOfBroken.stderr).toContain(".connectorguard_audit.jsonl:3: seq 3:");
    // A damaged log is refused by writers too, and left as it is.
    const refused = await spawnCli(cwd, ["watch", "--agent", "agent", "--config", "policy.json"]);
    expectMistake(refused, ".connectorguard_audit.jsonl:3: seq 3: hash does not match");
    expect(await readFile(auditPath, "utf8")).toBe(lines.join("\n"));
  });

  it("loses no connector when several register processes run at once", async () => {
    const cwd = await project();
    const names = Array.from({ length: 6 }, (_, index) => `tool-${index}`);
    await Promise.all(
      names.map((name) =>
        writeFile(join(cwd, `${name}.json`), JSON.stringify({ name, version: "1.0.0" })),
      ),
    );
    const runs = await Promise.all(
      names.map((name) => spawnCli(cwd, ["register", "--schema", `${name}.json`])),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const listed = await spawnCli(cwd, ["list", "--output", "json"]);
    expect(JSON.parse(listed.stdout).map((item: { name: string }) => item.name)).toEqual(names);
  });

  it("refuses a corrupt registry file and leaves it untouched", async () => {
    const cwd = await project();
    const registry = join(cwd, ".connectorguard_registry.json");
    await writeFile(registry, '{"connectors": {"openai-chat": ');
    const run = await spawnCli(cwd, ["register", "--schema", "openai-chat.json"]);
    expectMistake(run, ".connectorguard_registry.json: not valid JSON (");
    expect(await readFile(registry, "utf8")).toBe('{"connectors": {"openai-chat": ');
    expectMistake(await spawnCli(cwd, ["list"]), "fix or remove the file");
  });

  it("checks one attempt from standard input or a file: exit 0 allowed, 1 denied", async () => {
    const cwd = await project();
    await spawnCli(cwd, ["register", "--schema", "openai-chat.json"]);
    const attempt = JSON.stringify({ connector_name: "openai-chat", input_data: { prompt: "hi" } });
    const allowed = await spawnCli(
      cwd,
      ["check", "--config", "policy.json", "--agent-id", "agent-1"],
      {
        input: attempt,
      },
    );
    expect(allowed).toMatchObject({
      code: 0,
      stdout: "[ALLOW] openai-chat (agent=agent-1) — all checks passed\n",
    });
    await writeFile(join(cwd, "attempt.json"), attempt);
    const denied = await spawnCli(cwd, ["check", "attempt.json", "--output", "json"]);
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.stdout)).toMatchObject({
      connectorName: "openai-chat",
      sourceAgent: "watched-agent",
      allowed: false,
      check: "permission",
    });
    const verified = await spawnCli(cwd, ["verify"]);
    expect(verified.stdout).toContain("OK: 2 entries verified");
  });

  it("sets a torn audit line aside, says so, and goes on", async () => {
    const cwd = await project();
    await spawnCli(cwd, ["register", "--schema", "openai-chat.json"]);
    const attempt = JSON.stringify({ connector_name: "openai-chat" });
    await spawnCli(cwd, ["check"], { input: attempt });
    await writeFile(join(cwd, ".connectorguard_audit.jsonl"), '{"seq":2,"prevH', { flag: "a" });
    const incomplete = await spawnCli(cwd, ["verify"]);
    expect(incomplete.code).toBe(1);
    expect(incomplete.stdout).toContain(
      "INCOMPLETE: .connectorguard_audit.jsonl:2: the last line is incomplete",
    );
    const run = await spawnCli(cwd, ["check"], { input: attempt });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^connectorguard: warning: \.connectorguard_audit\.jsonl: line 2 was incomplete .*; moved it to \.connectorguard_audit\.jsonl\.torn-\S+\n$/,
    );
    expect((await spawnCli(cwd, ["verify"])).stdout).toContain("OK: 2 entries verified");
  });

  it("keeps watching with --follow until interrupted", async () => {
    const cwd = await project();
    await spawnCli(cwd, ["register", "--schema", "openai-chat.json"]);
    const child = spawn(
      process.execPath,
      [builtCliPath, "watch", "--agent", "agent", "--config", "policy.json", "--follow"],
      { cwd, env: { ...process.env, NO_COLOR: "1" } },
    );
    let stdout = "";
    let stderr = "";
    const waitFor = (pattern: RegExp, stream: () => string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}: ${stdout} ${stderr}`)),
          15_000,
        );
        const check = () => {
          if (pattern.test(stream())) {
            clearTimeout(timer);
            resolve();
          } else setTimeout(check, 20);
        };
        check();
      });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await waitFor(/watching agent for new \*\.json files/, () => stderr);

    // While it runs, the audit file has one writer: a second one is refused.
    const locked = await spawnCli(cwd, ["check"], { input: '{"connector_name":"openai-chat"}' });
    expectMistake(locked, /audit file \.connectorguard_audit\.jsonl is locked by process \d+/);

    const draft = join(cwd, "agent", "late.json.part");
    await writeFile(
      draft,
      JSON.stringify({
        connector_name: "openai-chat",
        source_agent: "agent-1",
        input_data: { prompt: "late" },
      }),
    );
    await rename(draft, join(cwd, "agent", "late.json"));
    await waitFor(/\[ALLOW\] openai-chat \(agent=agent-1\)/, () => stdout);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stdout).toContain("Processed 1 attempt(s) from 1 file(s): 1 allowed, 0 denied.");
    expect((await spawnCli(cwd, ["verify"])).stdout).toContain("OK: 1 entries verified");
  });

  it("answers every user mistake with one clear line and exit code 2", async () => {
    const cwd = await project();
    await writeFile(
      join(cwd, "bad-rate.json"),
      JSON.stringify({ name: "x", version: "1", rate_limit: 0 }),
    );
    await writeFile(join(cwd, "bad-json.json"), "{ nope");
    await writeFile(join(cwd, "bad-policy.yaml"), "agents:\n  bot:\n    permissions: yes\n");
    await writeFile(
      join(cwd, "two.json"),
      JSON.stringify([{ connector_name: "a" }, { connector_name: "b" }]),
    );
    const cases: [string[], string | RegExp, string?][] = [
      [
        ["frobnicate"],
        "unknown command 'frobnicate' (commands: register, list, watch, check, audit, verify",
      ],
      [["register"], "register: --schema PATH is required"],
      [["register", "--schema"], "register: option '--schema' needs a value"],
      [["register", "--schema", "x.json", "--bogus"], "register: unknown option '--bogus'"],
      [["register", "--schema", "missing.json"], "cannot read missing.json: no such file"],
      [
        ["register", "--schema", "bad-rate.json"],
        "bad-rate.json: connector 'x': rate_limit must be an integer from 1 to 1000000 (got 0)",
      ],
      [["register", "--schema", "bad-json.json"], /bad-json\.json(:\d+:\d+)?: not valid JSON/],
      [["list", "--registry-file", "nowhere.json"], "registry file nowhere.json does not exist"],
      [["watch", "--agent", "missing"], "--agent missing: no such file"],
      [["watch", "--agent", "openai-chat.json"], "--agent openai-chat.json: not a folder"],
      [
        ["watch", "--agent", "agent"],
        "no connectors: .connectorguard_registry.json does not exist (run 'connectorguard register --schema FILE' first, or pass --config)",
      ],
      [
        ["watch", "--agent", "agent", "--config", "bad-policy.yaml"],
        "bad-policy.yaml:3:5: /agents/bot/permissions: must be an array (got a string)",
      ],
      [
        ["watch", "--agent", "agent", "--config", "missing.yaml"],
        "missing.yaml: cannot read the file: no such file",
      ],
      [
        ["audit", "--since", "soon"],
        "--since must be a number followed by s, m, h or d, like 30m, 2h or 3600s (got 'soon')",
      ],
      [["audit", "--output", "xml"], "audit: --output must be one of text, json (got 'xml')"],
      [
        ["audit", "--log-file", "missing.jsonl"],
        "cannot read audit file missing.jsonl: no such file",
      ],
      [["verify", "--checkpoint", "12"], "--checkpoint: checkpoint must be SEQ:HASH"],
      [["verify", "extra"], "verify: unexpected argument 'extra'"],
      [
        ["check", "two.json", "--config", "policy.json"],
        "two.json: check decides exactly one attempt (got 2)",
      ],
      [
        ["check", "--config", "policy.json"],
        "standard input: not valid JSON (Unexpected end of JSON input)",
        "",
      ],
      [
        ["check", "--config", "policy.json"],
        "standard input: unknown field 'tool' (known: connector_name, source_agent, input_data, timestamp, capability_token, tool_definition_hash)",
        '{"tool":"x"}',
      ],
    ];
    const runs = await inBatches(
      cases.map(
        ([args, , input]) =>
          () =>
            spawnCli(cwd, args, input === undefined ? {} : { input }),
      ),
    );
    runs.forEach((run, index) => {
      expectMistake(run, (cases[index] as [string[], string | RegExp])[1]);
    });
  });

  it("ships a binary that never loads the optional peers ioredis or pg", async () => {
    const bundle = await readFile(builtCliPath, "utf8");
    expect(bundle.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(bundle).not.toMatch(/from\s+["'](ioredis|pg)["']|require\(["'](ioredis|pg)["']\)/);
  });

  it("prints help for the program and for every command", async () => {
    const cwd = await project();
    const help = await spawnCli(cwd, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes: 0 success or allowed; 1 a denial");
    const bare = await spawnCli(cwd, []);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("Usage: connectorguard <command>");
    const commands = ["register", "list", "watch", "check", "audit", "verify"];
    const runs = await inBatches(
      commands.map((command) => () => spawnCli(cwd, [command, "--help"])),
    );
    runs.forEach((run, index) => {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: connectorguard ${commands[index]} `));
      expect(run.stdout).toContain("-h, --help");
    });
    expect(runs[4]?.stdout).toContain("--since WINDOW");
    expect(runs[4]?.stdout).toContain("[default: 1h]");
    expect(runs[2]?.stdout).toContain("--agent-id TEXT");
    expect(runs[2]?.stdout).toContain(
      "[default: each attempt's own source_agent, else 'watched-agent']",
    );
    expect(runs[2]?.stdout).toContain("--log-file PATH       Same as --audit-file.");
    const version = await spawnCli(cwd, ["--version"]);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
