import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createGuard, loadGuardConfig } from "../src/index.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { referenceOpenaiChat } from "./support/reference-connector.js";

const temporaryFolder = useTemporaryFolder();
const configDoc = fileURLToPath(new URL("../../../docs/config.md", import.meta.url));

/** The YAML code blocks of docs/config.md, in order. */
async function yamlBlocks(): Promise<string[]> {
  const text = await readFile(configDoc, "utf8");
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

describe("docs/config.md", () => {
  it("its complete example loads into a guard that verifies tokens", async () => {
    const [example] = await yamlBlocks();
    if (example === undefined) throw new Error("docs/config.md has no YAML example");
    const folder = await temporaryFolder();
    await mkdir(join(folder, "connectors"));
    await mkdir(join(folder, "keys"));
    await mkdir(join(folder, "logs"));
    await writeFile(join(folder, "connectors", "openai-chat.json"), referenceOpenaiChat);
    const keys = await generateKeyPair("ES256");
    await writeFile(join(folder, "keys", "auth-es256.pem"), await exportSPKI(keys.publicKey));
    const path = join(folder, "connectorguard.config.yaml");
    await writeFile(path, example);

    const config = await loadGuardConfig(path);
    expect(config).toMatchObject({
      mode: "enforce",
      outputCheck: "audit",
      allowWildcardAll: false,
    });
    const guard = createGuard(config);
    const capabilityToken = await new SignJWT({ sub: "billing-bot", scope: "db:write" })
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer("https://auth.example.com")
      .setAudience("connectorguard")
      .setExpirationTime("5m")
      .sign(keys.privateKey);
    const result = await guard.check({
      connectorName: "db-write",
      capabilityToken,
      inputData: { table: "refunds" },
    });
    expect(result).toMatchObject({ allowed: true, verifiedAgent: "billing-bot" });
    await guard.close();
  });

  it("its HMAC example reads the secret from the environment variable it names", async () => {
    const hmac = (await yamlBlocks()).find((block) => block.includes("secretEnv"));
    if (hmac === undefined) throw new Error("docs/config.md has no secretEnv example");
    const path = join(await temporaryFolder(), "policy.yaml");
    await writeFile(path, `connectors: []\n${hmac}`);
    const secret = Buffer.alloc(32, 7).toString("base64");
    const config = await loadGuardConfig(path, { env: { CG_JWT_SECRET: secret } });
    expect(config.capabilityTokens).toMatchObject({
      algorithms: ["HS256"],
      key: expect.any(Uint8Array),
    });
  });
});
