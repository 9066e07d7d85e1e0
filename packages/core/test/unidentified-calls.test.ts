import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGuard, InvalidOptionError } from "../src/index.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { readGuardConfigFile } from "./support/core-internals.js";

const connectors = [{ name: "search", version: "1.0.0" }];

describe("a call that names no agent", () => {
  it("runs as 'unknown' by default, as the reference library does", async () => {
    const guard = createGuard({ connectors });
    const result = await guard.check({ connectorName: "search" });
    expect(result.allowed).toBe(true);
    expect(guard.auditLog.allEntries()[0]?.connectionAttempt.sourceAgent).toBe("unknown");
  });

  it("is denied with unidentified: 'deny', saying how to name the agent", async () => {
    const guard = createGuard({ connectors, unidentified: "deny" });
    const result = await guard.check({ connectorName: "search" });
    expect(result).toMatchObject({ allowed: false, check: "permission" });
    expect(result.reason).toContain("the call names no agent");
    expect(result.reason).toContain("agentId");
    expect((await guard.check({ connectorName: "search", sourceAgent: "bot" })).allowed).toBe(true);
  });

  it("is denied when the attempt requires an identity (what the adapters send)", async () => {
    const guard = createGuard({ connectors });
    const result = await guard.check({ connectorName: "search", identityRequired: true });
    expect(result).toMatchObject({ allowed: false, check: "permission" });
    const named = await guard.check({
      connectorName: "search",
      sourceAgent: "bot",
      identityRequired: true,
    });
    expect(named.allowed).toBe(true);
  });

  it("refuses 'unknown' as an agent name, in code and in the policy file", async () => {
    expect(() =>
      createGuard({ connectors, agents: { unknown: { permissions: ["web:read"] } } }),
    ).toThrow(InvalidOptionError);
    expect(() => createGuard({ connectors, agents: { unknown: { permissions: [] } } })).toThrow(
      "/agents/unknown is the name the guard gives calls that name no agent",
    );
    expect(() => createGuard({ connectors, unidentified: "maybe" as "deny" })).toThrow(
      'createGuard: /unidentified must be one of "deny", "allow" (got "maybe")',
    );
  });
});

const temporaryFolder = useTemporaryFolder();

describe("unidentified in the policy file", () => {
  it("is read, and an agents entry named unknown is refused at its line", async () => {
    const folder = await temporaryFolder();
    const policy = join(folder, "policy.yaml");
    await writeFile(policy, "unidentified: deny\nconnectors: []\n");
    expect((await readGuardConfigFile(policy)).unidentified).toBe("deny");
    await writeFile(policy, "agents:\n  unknown:\n    permissions: [web:read]\n");
    await expect(readGuardConfigFile(policy)).rejects.toThrow(
      "/agents/unknown: is the name the guard gives calls that name no agent",
    );
  });
});
