import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type CryptoKey,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  ConfigError,
  createGuard,
  guardSettingsFromPolicy,
  loadCapabilityTokenOptions,
  loadGuardConfig,
  readGuardConfigFile,
} from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();
const issuer = "https://auth.example.test";
const audience = "connectorguard";
const secret = "a-test-secret-of-at-least-32-bytes!!";

let signing: { privateKey: CryptoKey; publicKey: CryptoKey };
let other: { privateKey: CryptoKey; publicKey: CryptoKey };
let publicPem: string;
let privatePem: string;

beforeAll(async () => {
  signing = await generateKeyPair("ES256", { extractable: true });
  other = await generateKeyPair("ES256", { extractable: true });
  publicPem = await exportSPKI(signing.publicKey);
  privatePem = await exportPKCS8(signing.privateKey);
});

async function token(
  key: CryptoKey | Uint8Array,
  alg = "ES256",
  claims: JWTPayload = {},
  kid?: string,
): Promise<string> {
  return new SignJWT({ sub: "agent-7", scope: "db:write", ...claims })
    .setProtectedHeader({ alg, ...(kid === undefined ? {} : { kid }) })
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime("10m")
    .sign(key);
}

/** A policy whose connector needs db:write, with `section` as its capabilityTokens. */
async function writePolicy(
  section: Record<string, unknown>,
  files: Record<string, string> = {},
): Promise<string> {
  const folder = await temporaryFolder();
  await mkdir(join(folder, "keys"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
  const path = join(folder, "policy.json");
  const policy = {
    connectors: [{ name: "db-write", version: "1", requiredPermissions: ["db:write"] }],
    capabilityTokens: { algorithms: ["ES256"], issuer, audience, ...section },
  };
  await writeFile(path, JSON.stringify(policy, null, 2));
  return path;
}

async function decide(path: string, capabilityToken: string, env = {}) {
  const guard = createGuard(await loadGuardConfig(path, { env }));
  try {
    return await guard.check({
      connectorName: "db-write",
      sourceAgent: "claimed",
      capabilityToken,
    });
  } finally {
    await guard.close();
  }
}

async function failure(run: Promise<unknown>): Promise<ConfigError> {
  const error = await run.catch((caught: unknown) => caught);
  if (!ConfigError.isInstance(error)) throw new Error(`expected a ConfigError, got ${error}`);
  return error;
}

describe("policy file: capabilityTokens", () => {
  it("verifies tokens with a PEM public key file relative to the policy file", async () => {
    const path = await writePolicy(
      { publicKeyFile: "keys/auth.pem", clockToleranceSeconds: 10, permissionsClaim: "scope" },
      { "keys/auth.pem": publicPem },
    );
    const allowed = await decide(path, await token(signing.privateKey));
    expect(allowed).toMatchObject({ allowed: true, verifiedAgent: "agent-7" });
    const forged = await decide(path, await token(other.privateKey));
    expect(forged).toMatchObject({
      allowed: false,
      check: "permission",
      reason: "capability token rejected: bad signature",
    });
  });

  it("takes inline PEM, an inline JWK or JWKS, and a JWKS file", async () => {
    const jwk = { ...(await exportJWK(signing.publicKey)), kid: "k1" };
    const otherJwk = { ...(await exportJWK(other.publicKey)), kid: "k2" };
    const jwks = JSON.stringify({ keys: [otherJwk, jwk] });
    const sections = [
      { publicKey: publicPem },
      { jwk },
      { jwks: { keys: [otherJwk, jwk] } },
      { jwksFile: "keys/jwks.json" },
    ];
    const signed = await token(signing.privateKey, "ES256", {}, "k1");
    for (const section of sections) {
      const path = await writePolicy(section, { "keys/jwks.json": jwks });
      expect(await decide(path, signed), JSON.stringify(section)).toMatchObject({
        allowed: true,
        verifiedAgent: "agent-7",
      });
    }
  });

  it("reads an HMAC secret only from the environment variable the file names", async () => {
    const path = await writePolicy({ algorithms: ["HS256"], secretEnv: "CG_TEST_SECRET" });
    const hmacToken = await token(new TextEncoder().encode(secret), "HS256");
    expect(await decide(path, hmacToken, { CG_TEST_SECRET: secret })).toMatchObject({
      allowed: true,
      verifiedAgent: "agent-7",
    });
    const encoded = await writePolicy({
      algorithms: ["HS256"],
      secretEnv: "CG_TEST_SECRET",
      secretEncoding: "base64",
    });
    const base64 = Buffer.from(secret).toString("base64");
    expect(await decide(encoded, hmacToken, { CG_TEST_SECRET: base64 })).toMatchObject({
      allowed: true,
    });
  });

  it("reads neither key file nor secret until the guard is built", async () => {
    const path = await writePolicy({ algorithms: ["HS256"], secretEnv: "CG_TEST_SECRET" });
    const policy = await readGuardConfigFile(path);
    expect(policy.capabilityTokens).toMatchObject({
      options: { algorithms: ["HS256"], issuer, audience },
      keySource: { kind: "environment", name: "CG_TEST_SECRET", encoding: "utf8" },
      keyLocation: { file: path, pointer: "/capabilityTokens/secretEnv", line: 17, column: 5 },
    });
    const missing = await failure(loadGuardConfig(path, { env: {} }));
    expect(missing.message).toBe(
      `${path}:17:5: /capabilityTokens/secretEnv: environment variable CG_TEST_SECRET is not set (it must hold the HMAC secret)`,
    );
    const settings = await guardSettingsFromPolicy(policy, { env: { CG_TEST_SECRET: secret } });
    expect(Object.keys(settings)).toEqual(["capabilityTokens"]);
    const section = policy.capabilityTokens;
    if (section === undefined) throw new Error("expected a capabilityTokens section");
    const options = await loadCapabilityTokenOptions(section, { env: { CG_TEST_SECRET: secret } });
    expect(options.key).toEqual(new TextEncoder().encode(secret));
  });

  it("names the policy file, the key source and the problem when a key cannot be loaded", async () => {
    const cases: [
      Record<string, unknown>,
      Record<string, string>,
      Record<string, string>,
      string,
    ][] = [
      [
        { publicKeyFile: "keys/absent.pem" },
        {},
        {},
        "cannot read {folder}/keys/absent.pem: no such file",
      ],
      [
        { publicKeyFile: "keys/private.pem" },
        { "keys/private.pem": "{private}" },
        {},
        "{folder}/keys/private.pem is a private key: give the public key, and keep the private key out of the policy",
      ],
      [
        { publicKeyFile: "keys/jwks.json" },
        { "keys/jwks.json": '{"keys":[]}' },
        {},
        "{folder}/keys/jwks.json holds JSON, not PEM: give a JWK or JWKS with jwk, jwks or jwksFile",
      ],
      [
        { jwksFile: "keys/auth.pem" },
        { "keys/auth.pem": "{public}" },
        {},
        "{folder}/keys/auth.pem holds PEM, not JSON: give a PEM file with publicKeyFile",
      ],
      [
        { jwksFile: "keys/jwks.json" },
        { "keys/jwks.json": "{ keys: " },
        {},
        "{folder}/keys/jwks.json is not valid JSON (",
      ],
      [
        { jwksFile: "keys/jwks.json" },
        {
          "keys/jwks.json":
            '{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"},{"kty":"EC","d":"s"}]}',
        },
        {},
        "{folder}/keys/jwks.json: keys[1] is a private key (it has 'd'): give the public key only",
      ],
      [
        { jwksFile: "keys/jwks.json" },
        { "keys/jwks.json": '{"keys":[{"kty":"RSA","n":"a","e":"AQAB"}]}' },
        {},
        "{folder}/keys/jwks.json holds no key that the accepted algorithms (ES256) can use: its keys are RSA",
      ],
      [
        { algorithms: ["HS256"], secretEnv: "CG_SHORT" },
        {},
        { CG_SHORT: "short" },
        "environment variable CG_SHORT holds a 5-byte secret; an HMAC secret needs at least 32 bytes",
      ],
      [
        { algorithms: ["HS256"], secretEnv: "CG_B64", secretEncoding: "base64" },
        {},
        { CG_B64: "not base64!" },
        "environment variable CG_B64 is not valid base64 (secretEncoding: base64)",
      ],
    ];
    for (const [section, files, env, problem] of cases) {
      const texts = Object.fromEntries(
        Object.entries(files).map(([name, text]) => [
          name,
          text.replace("{private}", privatePem).replace("{public}", publicPem),
        ]),
      );
      const path = await writePolicy(section, texts);
      const folder = join(path, "..");
      const field = Object.keys(section).find(
        (key) => key !== "algorithms" && key !== "secretEncoding",
      );
      const error = await failure(loadGuardConfig(path, { env }));
      expect(error.pointer).toBe(`/capabilityTokens/${field}`);
      expect(error.message).toMatch(new RegExp(`^${path}:\\d+:\\d+: /capabilityTokens/${field}: `));
      expect(error.problem.startsWith(problem.replace("{folder}", folder)), error.problem).toBe(
        true,
      );
    }
  });

  it("refuses unsafe or incomplete sections when the file is read", async () => {
    const privateJwk = await exportJWK(signing.privateKey);
    const cases: [Record<string, unknown>, string, string][] = [
      [
        {},
        "/capabilityTokens",
        "needs a key source: one of publicKey, publicKeyFile, jwk, jwks, jwksFile, secretEnv (an HMAC secret only through secretEnv)",
      ],
      [
        { publicKeyFile: "a.pem", jwksFile: "b.json" },
        "/capabilityTokens/jwksFile",
        "gives both publicKeyFile and jwksFile: give exactly one key source",
      ],
      [
        { algorithms: ["ES256", "HS256"], publicKeyFile: "a.pem" },
        "/capabilityTokens/algorithms",
        "mixes HMAC (HS*) and public-key algorithms; a public key must never double as an HMAC secret (algorithm confusion): use one family",
      ],
      [
        { secretEnv: "CG_SECRET" },
        "/capabilityTokens/secretEnv",
        "gives an HMAC secret, which verifies only HS256, HS384 or HS512 tokens (algorithms lists ES256)",
      ],
      [
        { algorithms: ["HS256"], publicKeyFile: "a.pem" },
        "/capabilityTokens/publicKeyFile",
        "gives a public key, which cannot verify HMAC tokens (HS256); for those, name the secret's environment variable with secretEnv",
      ],
      [
        { publicKeyFile: "a.pem", secretEncoding: "hex" },
        "/capabilityTokens/secretEncoding",
        "applies only to a secret given with secretEnv",
      ],
      [
        { algorithms: ["HS256"], secretEnv: "my secret value" },
        "/capabilityTokens/secretEnv",
        "must be the name of an environment variable (letters, digits and _), never the secret itself",
      ],
      [
        { jwk: privateJwk },
        "/capabilityTokens/jwk",
        "is a private key (it has 'd'): give the public key only",
      ],
      [
        { jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } },
        "/capabilityTokens/jwks/keys/0",
        'is a shared secret (kty "oct"): HMAC secrets never go in a policy file; put the secret in an environment variable and name it with secretEnv',
      ],
      [
        { publicKey: "{private}" },
        "/capabilityTokens/publicKey",
        "is a private key: give the public key, and keep the private key out of the policy",
      ],
      [
        { algorithms: ["RS256"], publicKey: "{public}" },
        "/capabilityTokens/publicKey",
        "is an EC key, which cannot verify RS256 tokens (it verifies ES256, ES384 or ES512)",
      ],
      [
        { publicKey: "{public}{public}" },
        "/capabilityTokens/publicKey",
        "holds 2 PEM blocks; give one public key (a JWKS holds several)",
      ],
      [
        { publicKey: "not a key" },
        "/capabilityTokens/publicKey",
        "is not PEM: expected a '-----BEGIN PUBLIC KEY-----' block",
      ],
      [
        { algorithms: ["none"], publicKeyFile: "a.pem" },
        "/capabilityTokens/algorithms/0",
        'must be one of "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519" (got "none")',
      ],
      [
        { audience: " ", publicKeyFile: "a.pem" },
        "/capabilityTokens/audience",
        "must not be blank",
      ],
      [
        { clockToleranceSeconds: 301, publicKeyFile: "a.pem" },
        "/capabilityTokens/clockToleranceSeconds",
        "must be <= 300 (got 301)",
      ],
      [
        { secret: "inline", publicKeyFile: "a.pem" },
        "/capabilityTokens/secret",
        "unknown key 'secret' (known keys: algorithms, issuer, audience, publicKey, publicKeyFile, jwk, jwks, jwksFile, secretEnv, secretEncoding, permissionsClaim, clockToleranceSeconds, required, maxCachedTokens, allowWildcardAll)",
      ],
    ];
    for (const [section, pointer, problem] of cases) {
      const resolved = Object.fromEntries(
        Object.entries(section).map(([key, value]) => [
          key,
          typeof value === "string"
            ? value.replaceAll("{private}", privatePem).replaceAll("{public}", publicPem)
            : value,
        ]),
      );
      const path = await writePolicy(resolved);
      const error = await failure(readGuardConfigFile(path));
      expect({ pointer: error.pointer, problem: error.problem }).toEqual({ pointer, problem });
      expect(error.message).toMatch(new RegExp(`^${path}:\\d+:\\d+: ${pointer}: `));
    }
    const withoutAudience = await writePolicy({ audience: undefined, publicKeyFile: "a.pem" });
    expect((await failure(readGuardConfigFile(withoutAudience))).problem).toBe(
      "missing required key 'audience'",
    );
  });
});
