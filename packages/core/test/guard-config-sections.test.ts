import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  ConfigError,
  createGuard,
  findConfigProblem,
  guardConfigJsonSchema,
  loadGuardConfig,
  OutputValidationError,
  readGuardConfigFile,
  toolDefinitionHash,
} from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();

async function writePolicy(text: string, name = "policy.yaml"): Promise<string> {
  const path = join(await temporaryFolder(), name);
  await writeFile(path, text);
  return path;
}

async function problemWith(text: string, name = "policy.yaml"): Promise<ConfigError> {
  const path = await writePolicy(text, name);
  const error = await readGuardConfigFile(path).catch((caught: unknown) => caught);
  if (!ConfigError.isInstance(error)) throw new Error(`expected a ConfigError, got ${error}`);
  expect(error.file).toBe(path);
  expect(error.message.startsWith(`${path}:`)).toBe(true);
  return error;
}

const pin = toolDefinitionHash({ description: "Search the web", inputSchema: { type: "object" } });

const hardenedPolicy = `connectors:
  - name: refund
    version: "1"
    requiredPermissions: [payments:write]
  - name: lookup
    version: "1"
    outputSchema: { type: object, required: [id] }
  - name: search
    version: "2"
    mode: enforce
    pin: ${pin}
    output_check: audit
agents:
  ops-bot:
    permissions: ["*"]
mode: shadow
allowWildcardAll: true
inputLimits: { maxSize: 1000, maxDepth: 3 }
outputCheck: enforce
redaction:
  paths: [$.card.number]
  secretKeys: [password, ssn]
  maxInputSize: 500
`;

describe("policy file: mode, allowWildcardAll, inputLimits, outputCheck, redaction", () => {
  it("maps every section onto the guard configuration, and the guard obeys it", async () => {
    const config = await loadGuardConfig(await writePolicy(hardenedPolicy));
    expect(config).toMatchObject({
      mode: "shadow",
      allowWildcardAll: true,
      inputLimits: { maxSize: 1000, maxDepth: 3 },
      outputCheck: "enforce",
      redaction: { paths: ["$.card.number"], secretKeys: ["password", "ssn"], maxInputSize: 500 },
    });
    expect(config.connectors[2]).toMatchObject({ mode: "enforce", pin, outputCheck: "audit" });
    const guard = createGuard(config);

    // Shadow mode lets the call through and says what it would have denied.
    const shadow = await guard.check({ connectorName: "refund", sourceAgent: "bot" });
    expect(shadow).toMatchObject({ allowed: true, wouldDeny: { check: "permission" } });
    // allowWildcardAll: the bare "*" grant is accepted and covers everything.
    const granted = await guard.check({ connectorName: "refund", sourceAgent: "ops-bot" });
    expect(granted.wouldDeny).toBeUndefined();

    // The connector's own mode wins: "search" enforces its pin.
    const unpinned = await guard.check({ connectorName: "search", sourceAgent: "ops-bot" });
    expect(unpinned).toMatchObject({ allowed: false, check: "pin" });

    // inputLimits: three levels are the most an input may nest.
    const deep = await guard.check({
      connectorName: "refund",
      sourceAgent: "ops-bot",
      inputData: { a: { b: { c: {} } } },
    });
    expect(deep.wouldDeny?.reason).toBe("input too deeply nested (over the limit of 3 levels)");

    // redaction: the configured path and secret keys are hidden from the audit trail.
    await guard.check({
      connectorName: "refund",
      sourceAgent: "ops-bot",
      inputData: { card: { number: "4111" }, customer_ssn: "123", password: "x", note: "ok" },
    });
    expect(guard.auditLog.allEntries().at(-1)?.connectionAttempt.inputData).toEqual({
      card: { number: "[REDACTED]" },
      customer_ssn: "[REDACTED]",
      password: "[REDACTED]",
      note: "ok",
    });
    await guard.close();
  });

  it("enforces the output check outside shadow mode", async () => {
    const path = await writePolicy(hardenedPolicy.replace("mode: shadow\n", ""));
    const guard = createGuard(await loadGuardConfig(path));
    const run = guard.execute({ connectorName: "lookup", sourceAgent: "ops-bot" }, () => ({}));
    await expect(run).rejects.toSatisfy((error) => OutputValidationError.isInstance(error));
    await guard.close();
  });

  it("records inputs as given with redaction: false", async () => {
    const path = await writePolicy(
      "connectors: [{ name: tool, version: '1' }]\nredaction: false\n",
      "policy.yaml",
    );
    const config = await loadGuardConfig(path);
    expect(config.redaction).toBe(false);
    const guard = createGuard(config);
    await guard.check({ connectorName: "tool", inputData: { password: "hunter2" } });
    expect(guard.auditLog.allEntries()[0]?.connectionAttempt.inputData).toEqual({
      password: "hunter2",
    });
  });

  it("leaves out what the file leaves out, so the guard's defaults apply", async () => {
    const config = await loadGuardConfig(await writePolicy("connectors: []\n"));
    expect(Object.keys(config)).toEqual(["connectors"]);
  });

  it("names the file, line, JSON Pointer and problem for each bad value", async () => {
    const cases: [string, string][] = [
      ["mode: strict\n", '1:1: /mode: must be one of "enforce", "shadow" (got "strict")'],
      ["allowWildcardAll: yes\n", "1:1: /allowWildcardAll: must be a boolean (got a string)"],
      ["inputLimits:\n  maxDepth: 0\n", "2:3: /inputLimits/maxDepth: must be >= 1 (got 0)"],
      [
        "inputLimits: { maxSize: 10, maxBytes: 5 }\n",
        "1:29: /inputLimits/maxBytes: unknown key 'maxBytes' (known keys: maxSize, maxDepth)",
      ],
      [
        "outputCheck: block\n",
        '1:1: /outputCheck: must be one of "off", "audit", "enforce" (got "block")',
      ],
      [
        "redaction: true\n",
        "1:1: /redaction: must be an object of redaction options, or false to turn redaction off (got true)",
      ],
      [
        "redaction: [password]\n",
        "1:1: /redaction: must be an object of redaction options, or false to turn redaction off (got an array)",
      ],
      [
        "redaction:\n  paths:\n    - $.card.number\n    - $.card[\n",
        `4:7: /redaction/paths/1: redaction path "$.card[": expected '.key' or '[...]' at position 6 (supported steps: .key, ["key"], [0], .*, [*])`,
      ],
      [
        "redaction:\n  secretKeys: [token, '--']\n",
        "2:23: /redaction/secretKeys/1: would match nothing: keys are compared without '-', '_', '.' and spaces",
      ],
      ["redaction: { maxInputSize: 0 }\n", "1:14: /redaction/maxInputSize: must be >= 1 (got 0)"],
      [
        "agents:\n  bot:\n    permissions: [db:read, '*']\n",
        '3:28: /agents/bot/permissions/1: "*" grants every permission (a grant made only of wildcards); name what the agent holds, or set allowWildcardAll',
      ],
      [
        "agents:\n  bot:\n    permissions: ['db::read']\n",
        '3:19: /agents/bot/permissions/0: "db::read" has an empty segment',
      ],
    ];
    for (const [text, expected] of cases) {
      const error = await problemWith(text);
      expect(error.message).toBe(`${error.file}:${expected}`);
    }
  });

  it("passes a connector's mode, pin and output_check to parseConnectorSchema, by path", async () => {
    const policy = await readGuardConfigFile(
      await writePolicy(
        JSON.stringify({
          connectors: [
            { name: "a", version: "1", mode: "shadow", pin, output_check: "enforce" },
            { name: "b", version: "1", outputCheck: "off" },
          ],
        }),
        "policy.json",
      ),
    );
    expect(policy.connectors[0]).toMatchObject({ mode: "shadow", pin, outputCheck: "enforce" });
    expect(policy.connectors[1]?.outputCheck).toBe("off");

    const badPin = await problemWith(
      "connectors:\n  - name: a\n    version: '1'\n    pin: sha256:abc\n",
    );
    expect(badPin.message).toBe(
      `${badPin.file}:4:5: /connectors/0/pin: must be "sha256:" and 64 lowercase hex digits (got "sha256:abc")`,
    );
    const badCheck = await problemWith(
      "connectors:\n  - { name: a, version: '1', output_check: strict }\n",
    );
    expect(badCheck.pointer).toBe("/connectors/0/output_check");
    expect(badCheck.problem).toBe(`must be one of "off", "audit", "enforce" (got "strict")`);
    const badMode = await problemWith("connectors:\n  - { name: a, version: '1', mode: dry }\n");
    expect(badMode.pointer).toBe("/connectors/0/mode");
  });

  it("publishes every new section in the JSON Schema", () => {
    expect(Object.keys(guardConfigJsonSchema.properties)).toEqual(
      expect.arrayContaining([
        "mode",
        "allowWildcardAll",
        "inputLimits",
        "outputCheck",
        "redaction",
        "capabilityTokens",
      ]),
    );
    expect(findConfigProblem({ redaction: false, mode: "enforce" })).toBeUndefined();
    expect(findConfigProblem({ inputLimits: { maxSize: 1.5 } })).toEqual({
      path: ["inputLimits", "maxSize"],
      problem: "must be an integer (got number)",
    });
  });
});
