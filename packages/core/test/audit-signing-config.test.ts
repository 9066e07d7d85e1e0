import { generateKeyPairSync } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  ConfigError,
  createGuard,
  loadGuardConfig,
  readGuardConfigFile,
  verifyAuditLog,
} from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();

/** A policy with a JSONL audit file signed as `signing` says; `files` are written beside it. */
async function writePolicy(signing: Record<string, unknown>, files: Record<string, string> = {}) {
  const folder = await temporaryFolder();
  await mkdir(join(folder, "keys"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
  const path = join(folder, "policy.json");
  const policy = {
    connectors: [{ name: "search", version: "1" }],
    audit: { jsonl: { path: "audit.jsonl", signing } },
  };
  await writeFile(path, JSON.stringify(policy, null, 2));
  return { path, log: join(folder, "audit.jsonl") };
}

async function problemOf(path: string, env: Record<string, string> = {}): Promise<string> {
  try {
    const config = await loadGuardConfig(path, { env });
    await createGuard(config).close();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the policy loaded");
}

describe("audit signing in the policy file", () => {
  it("signs the JSONL file with the key from a file, or from an environment variable", async () => {
    for (const [signing, env] of [
      [{ privateKeyFile: "keys/audit.pem", everyEntries: 2 }, {}],
      [{ privateKeyEnv: "AUDIT_SIGNING_KEY" }, { AUDIT_SIGNING_KEY: privatePem }],
    ] as const) {
      const { path, log } = await writePolicy(signing, { "keys/audit.pem": privatePem });
      const guard = createGuard(await loadGuardConfig(path, { env }));
      for (let index = 0; index < 5; index++) {
        await guard.check({ connectorName: "search", sourceAgent: "bot", inputData: { index } });
      }
      await guard.close();
      const report = await verifyAuditLog(log, { publicKey: publicPem });
      expect(report.ok).toBe(true);
      expect(report.signatures?.signedThrough?.seq).toBe(5);
    }
  });

  it("names the field and the file for every bad key source", async () => {
    const missing = await writePolicy({ privateKeyFile: "keys/none.pem" });
    expect(await problemOf(missing.path)).toMatch(
      /\/audit\/jsonl\/signing\/privateKeyFile: cannot read .*keys\/none\.pem: no such file/,
    );
    const wrongHalf = await writePolicy(
      { privateKeyFile: "keys/audit.pub.pem" },
      {
        "keys/audit.pub.pem": publicPem,
      },
    );
    expect(await problemOf(wrongHalf.path)).toMatch(
      /\/audit\/jsonl\/signing\/privateKeyFile: .*audit\.pub\.pem: the audit signing key must be an Ed25519 private key, not a public key/,
    );
    const unset = await writePolicy({ privateKeyEnv: "AUDIT_SIGNING_KEY" });
    expect(await problemOf(unset.path)).toMatch(
      /\/audit\/jsonl\/signing\/privateKeyEnv: environment variable AUDIT_SIGNING_KEY is not set/,
    );
    const both = await writePolicy({ privateKeyFile: "a.pem", privateKeyEnv: "KEY" });
    expect(await problemOf(both.path)).toMatch(
      /privateKeyEnv: gives both privateKeyFile and privateKeyEnv/,
    );
    const none = await writePolicy({ everyEntries: 5 });
    expect(await problemOf(none.path)).toMatch(/\/audit\/jsonl\/signing: needs the signing key/);
    const inline = await writePolicy({ privateKeyEnv: privatePem });
    expect(await problemOf(inline.path)).toMatch(/must be the name of an environment variable/);
    // The key never appears in a message.
    expect(await problemOf(inline.path)).not.toContain("PRIVATE KEY");
  });

  it("reads audit.postgres.signing the same way, without connecting", async () => {
    const folder = await temporaryFolder();
    const path = join(folder, "policy.yaml");
    await writeFile(
      path,
      "audit:\n  postgres:\n    urlEnv: DATABASE_URL\n    signing:\n      privateKeyFile: keys/audit.pem\n      everySeconds: 5\n",
    );
    const policy = await readGuardConfigFile(path);
    expect(policy.audit?.postgres?.signing).toMatchObject({
      key: { kind: "file", path: join(folder, "keys", "audit.pem") },
      everySeconds: 5,
      keyLocation: { pointer: "/audit/postgres/signing/privateKeyFile", line: 5 },
    });
  });
});
