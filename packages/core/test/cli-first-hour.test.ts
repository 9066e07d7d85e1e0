import { execFile } from "node:child_process";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/commands/run-cli.js";
import { ConfigError, createGuard, loadGuardConfig } from "../src/index.js";
import { describeInvalidSchema } from "../src/schema/describe-invalid-schema.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { memoryIo } from "./support/memory-io.js";

const temporaryFolder = useTemporaryFolder();
const run = promisify(execFile);
const binFile = fileURLToPath(new URL("../bin/connectorguard.js", import.meta.url));

/** A folder with one registered connector, `search`, and a second, `db-write-long`. */
async function project(): Promise<string> {
  const cwd = await temporaryFolder();
  await writeFile(
    join(cwd, "policy.yaml"),
    [
      "connectors:",
      "  - { name: search, version: 1.0.0 }",
      "  - { name: db-write-long, version: 12.0.0, requiredPermissions: [db:write] }",
      "audit:",
      "  jsonl:",
      "    path: logs/connectorguard_audit.jsonl",
      "",
    ].join("\n"),
  );
  return cwd;
}

async function cli(args: string[], stdin?: string) {
  const { io, written } = memoryIo({ stdin });
  const code = await runCli(args, io);
  return { code, ...written };
}

describe("a newcomer's first hour with the CLI", () => {
  it("a policy whose audit folder does not exist: one ConfigError naming the field and the folder", async () => {
    const cwd = await project();
    const policy = join(cwd, "policy.yaml");
    const error = await loadGuardConfig(policy).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).pointer).toBe("/audit/jsonl/path");
    expect((error as Error).message).toBe(
      `${policy}: /audit/jsonl/path: the folder ${join(cwd, "logs")} does not exist (create it, or name a file in an existing folder)`,
    );

    const run = await cli(["check", "--config", policy], '{"connector_name":"search"}');
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `connectorguard: error: ${(error as Error).message}\n`,
    });

    await mkdir(join(cwd, "logs"));
    // With the folder there, the same file loads.
    await createGuard(await loadGuardConfig(policy)).close();
  });

  it("an --audit-file in a missing folder is named as the flag's value", async () => {
    const cwd = await project();
    const run = await cli(
      ["check", "--config", join(cwd, "policy.yaml"), "--audit-file", join(cwd, "nope", "a.jsonl")],
      '{"connector_name":"search"}',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `connectorguard: error: audit file ${join(cwd, "nope", "a.jsonl")}: the folder ${join(cwd, "nope")} does not exist (create it, or name a file in an existing folder)\n`,
    );
  });

  it("takes --audit-file and --log-file on every command, but not both at once", async () => {
    const cwd = await project();
    await mkdir(join(cwd, "logs"));
    const policy = join(cwd, "policy.yaml");
    const file = join(cwd, "decisions.jsonl");
    const attempt = '{"connector_name":"search","source_agent":"bot"}';
    expect((await cli(["check", "--config", policy, "--log-file", file], attempt)).code).toBe(0);
    expect((await cli(["check", "--config", policy, "--audit-file", file], attempt)).code).toBe(0);
    const audit = await cli(["audit", "--audit-file", file]);
    expect(audit.stdout).toContain(`2 entries in the last 1h (2 allowed, 0 denied) from ${file}`);
    const verify = await cli(["verify", "--audit-file", file]);
    expect(verify.stdout).toContain(`OK: 2 entries verified in ${file}`);
    expect(await cli(["audit", "--audit-file", file, "--log-file", file])).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "connectorguard: error: give --log-file or --audit-file, not both (they are the same option)\n",
    });
  });

  it("--since with a value that starts with a dash gets a reason, not 'does not take a value'", async () => {
    expect((await cli(["audit", "--since", "-5m"])).stderr).toBe(
      "connectorguard: error: --since counts back from now, so it takes a positive window like 5m (got '-5m')\n",
    );
    // A flag after it is still a flag: the value is missing.
    expect((await cli(["audit", "--since", "--denied"])).stderr).toBe(
      "connectorguard: error: audit: option '--since' needs a value (see 'connectorguard audit --help')\n",
    );
  });

  it("lines up the columns of audit and watch, and rounds latencyMs to the microsecond", async () => {
    const cwd = await project();
    await mkdir(join(cwd, "logs"));
    await mkdir(join(cwd, "agent"));
    await writeFile(
      join(cwd, "agent", "calls.json"),
      JSON.stringify([
        { connector_name: "search", source_agent: "a" },
        { connector_name: "db-write-long", source_agent: "support-bot" },
      ]),
    );
    const policy = join(cwd, "policy.yaml");
    const watch = await cli(["watch", "--agent", join(cwd, "agent"), "--config", policy]);
    expect(watch.stdout.split("\n").slice(0, 2)).toEqual([
      "  [ALLOW] search        (agent=a) — all checks passed",
      "  [DENY ] db-write-long (agent=support-bot) — agent 'support-bot' is missing required permissions: db:write",
    ]);
    const audit = await cli(["audit", "--config", policy]);
    const lines = audit.stdout.split("\n").slice(0, 2);
    expect(lines.map((line) => line.slice(24))).toEqual([
      "  #1  ALLOW  search         agent=a            all checks passed",
      "  #2  DENY   db-write-long  agent=support-bot  agent 'support-bot' is missing required permissions: db:write",
    ]);

    const check = await cli(
      ["check", "--config", policy, "--output", "json"],
      '{"connector_name":"search"}',
    );
    const { latencyMs } = JSON.parse(check.stdout) as { latencyMs: number };
    expect(Math.round(latencyMs * 1000) / 1000).toBe(latencyMs);
  });

  it("schema mistakes name the file and say what is wrong in words", async () => {
    const cwd = await temporaryFolder();
    const misspelt = join(cwd, "misspelt.json");
    await writeFile(
      misspelt,
      JSON.stringify({ name: "a", version: "1", input_schema: { type: "object", propertes: {} } }),
    );
    expect((await cli(["register", "--schema", misspelt])).stderr).toBe(
      `connectorguard: error: ${misspelt}: connector 'a': inputSchema is not a valid JSON Schema: unknown keyword "propertes" at the top level (did you mean "properties"?)\n`,
    );
    const badType = join(cwd, "bad-type.json");
    await writeFile(
      badType,
      JSON.stringify({
        name: "a",
        version: "1",
        input_schema: { type: "object", properties: { x: { type: "strng" } } },
      }),
    );
    expect((await cli(["register", "--schema", badType])).stderr).toBe(
      `connectorguard: error: ${badType}: connector 'a': inputSchema is not a valid JSON Schema: /properties/x/type: "strng" is not a JSON Schema type (use one of array, boolean, integer, null, number, object, string, or a list of them)\n`,
    );
    const snakeCase = join(cwd, "snake.json");
    await writeFile(snakeCase, JSON.stringify({ name: "a", version: "1", rate_limt: 3 }));
    expect((await cli(["register", "--schema", snakeCase])).stderr).toBe(
      `connectorguard: error: ${snakeCase}: unknown field 'rate_limt' in connector definition (known fields: name, version, input_schema, output_schema, rate_limit, required_permissions, mode, pin, output_check)\n`,
    );
  });

  it("help: check shows --output in its usage, --agent-id's default says what happens", async () => {
    const check = await cli(["check", "--help"]);
    expect(check.stdout.split("\n")[0]).toContain("[--output text|json]");
    expect(check.stdout).toContain(
      "for every attempt. [default: each attempt's own source_agent, else 'watched-agent']",
    );
    expect(check.stdout).not.toContain("[default: watched-agent]");
  });
});

describe("the installed bin", () => {
  it("runs the built CLI, and says so plainly before the first build", async () => {
    const { stdout } = await run(process.execPath, [binFile, "--version"]);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);

    const unbuilt = await temporaryFolder();
    await mkdir(join(unbuilt, "bin"));
    await copyFile(binFile, join(unbuilt, "bin", "connectorguard.js"));
    const failure = await run(process.execPath, [join(unbuilt, "bin", "connectorguard.js")]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({
      code: 2,
      stderr:
        "connectorguard: error: the CLI is not built yet (run 'pnpm build' in the repository first)\n",
    });
  });
});

describe("describeInvalidSchema", () => {
  it("turns ajv's wording into a place and a problem", () => {
    expect(
      describeInvalidSchema(new Error('strict mode: unknown keyword: "maxlength"'), {
        properties: { name: { maxlength: 3 } },
      }),
    ).toBe('unknown keyword "maxlength" at /properties/name (did you mean "maxLength"?)');
    expect(
      describeInvalidSchema(new Error('strict mode: unknown keyword: "x-vendor"'), {
        "x-vendor": 1,
      }),
    ).toBe(
      'unknown keyword "x-vendor" at the top level (strict mode accepts JSON Schema keywords only)',
    );
    expect(
      describeInvalidSchema(
        new Error('unknown format "dat" ignored in schema at path "#/properties/when"'),
        {},
      ),
    ).toBe('unknown format "dat" at /properties/when');
    expect(
      describeInvalidSchema(
        new Error("schema is invalid: data/properties/n/minimum must be number"),
        { properties: { n: { minimum: "1" } } },
      ),
    ).toBe('/properties/n/minimum must be number (got "1")');
    expect(describeInvalidSchema(new Error("something else"), {})).toBe("something else");
  });
});
