import { exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  type CapabilityTokenOptions,
  CapabilityTokenVerifier,
  createGuard,
  InvalidOptionError,
  PermissionCheck,
  PermissionGrants,
} from "./support/core-internals.js";

const secret = new TextEncoder().encode("a-test-secret-of-at-least-32-bytes!!");
const issuer = "https://auth.example.test";
const audience = "connectorguard";
const nowSeconds = 1_800_000_000;
const clock = { ms: nowSeconds * 1000 };
const now = () => clock.ms;

function hmacOptions(overrides: Partial<CapabilityTokenOptions> = {}): CapabilityTokenOptions {
  return { algorithms: ["HS256"], key: secret, issuer, audience, now, ...overrides };
}

async function hmacToken(claims: JWTPayload = {}, key: Uint8Array = secret): Promise<string> {
  const payload: JWTPayload = {
    sub: "agent-7",
    iss: issuer,
    aud: audience,
    iat: nowSeconds,
    exp: nowSeconds + 600,
    scope: "db:read files:*",
    ...claims,
  };
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).sign(key);
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

async function rejection(verifier: CapabilityTokenVerifier, token: string) {
  const verification = await verifier.verify(token);
  if (verification.valid) throw new Error("expected the token to be rejected");
  return verification;
}

describe("CapabilityTokenVerifier", () => {
  it("verifies a token: sub is the agent, scope lists the permissions", async () => {
    const verifier = new CapabilityTokenVerifier(hmacOptions());
    const verification = await verifier.verify(await hmacToken());
    expect(verification.valid).toBe(true);
    if (!verification.valid) return;
    expect(verification.agent).toBe("agent-7");
    expect(verification.permissions.toArray()).toEqual(["db:read", "files:*"]);
    expect(verification.expiresAtMs).toBe((nowSeconds + 600) * 1000);
  });

  it("caches a verified token and answers the next call synchronously", async () => {
    let keyLookups = 0;
    const verifier = new CapabilityTokenVerifier({
      ...hmacOptions({ key: undefined }),
      keys: async () => {
        keyLookups++;
        return secret;
      },
    });
    const token = await hmacToken();
    const [first, concurrent] = await Promise.all([verifier.verify(token), verifier.verify(token)]);
    expect(first).toBe(concurrent);
    const second = verifier.verify(token);
    expect(second).not.toBeInstanceOf(Promise);
    expect(second).toBe(first);
    expect(keyLookups).toBe(1);
    expect(verifier.cachedTokens).toBe(1);
  });

  it("drops a cached token once it expires beyond the tolerated skew", async () => {
    const verifier = new CapabilityTokenVerifier(hmacOptions());
    const token = await hmacToken();
    expect((await verifier.verify(token)).valid).toBe(true);
    clock.ms = (nowSeconds + 600 + 4) * 1000; // within the 5 s skew
    expect((verifier.verify(token) as { valid: boolean }).valid).toBe(true);
    clock.ms = (nowSeconds + 600 + 6) * 1000;
    const expired = verifier.verify(token);
    expect(expired).toMatchObject({ valid: false, cause: "expired" });
    expect(verifier.cachedTokens).toBe(0);
    clock.ms = nowSeconds * 1000;
  });

  it("rejects alg: none", async () => {
    const verifier = new CapabilityTokenVerifier(hmacOptions());
    const payload = { sub: "agent-7", iss: issuer, aud: audience, exp: nowSeconds + 60 };
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${encode(payload)}.`;
    expect(await rejection(verifier, unsigned)).toMatchObject({
      cause: "algorithm-not-allowed",
      reason: "capability token rejected: algorithm not allowed (accepted: HS256)",
    });
  });

  it("rejects HS256 signed with the RS256 public key (algorithm confusion)", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const verifier = new CapabilityTokenVerifier({
      algorithms: ["RS256"],
      key: publicKey,
      issuer,
      audience,
      now,
    });
    const genuine = await new SignJWT({ scope: "db:read" })
      .setProtectedHeader({ alg: "RS256" })
      .setSubject("agent-7")
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime(nowSeconds + 60)
      .sign(privateKey);
    expect((await verifier.verify(genuine)).valid).toBe(true);
    const forged = await hmacToken({}, new TextEncoder().encode(await exportSPKI(publicKey)));
    expect(await rejection(verifier, forged)).toMatchObject({ cause: "algorithm-not-allowed" });
    // And the configurations that would make the forgery work are refused up front.
    expect(
      () =>
        new CapabilityTokenVerifier({
          ...hmacOptions(),
          algorithms: ["RS256", "HS256"],
          key: publicKey,
        }),
    ).toThrow(/mixes HMAC \(HS\*\) and public-key algorithms/);
    expect(() => new CapabilityTokenVerifier({ ...hmacOptions(), key: publicKey })).toThrow(
      /public key but .algorithms are HMAC ones/,
    );
  });

  it("rejects a wrong audience or issuer, naming what was expected", async () => {
    const verifier = new CapabilityTokenVerifier(hmacOptions());
    expect(await rejection(verifier, await hmacToken({ aud: "another-service" }))).toMatchObject({
      cause: "wrong-audience",
      reason: "capability token rejected: wrong audience (expected 'connectorguard')",
    });
    expect(await rejection(verifier, await hmacToken({ iss: "https://evil.test" }))).toMatchObject({
      cause: "wrong-issuer",
      reason: `capability token rejected: wrong issuer (expected '${issuer}')`,
    });
  });

  it("rejects a token expired beyond the skew, and one not yet valid", async () => {
    const verifier = new CapabilityTokenVerifier(hmacOptions());
    expect(await rejection(verifier, await hmacToken({ exp: nowSeconds - 60 }))).toMatchObject({
      cause: "expired",
      reason: `capability token rejected: expired at ${new Date((nowSeconds - 60) * 1000).toISOString()}`,
    });
    expect((await verifier.verify(await hmacToken({ exp: nowSeconds - 3 }))).valid).toBe(true);
    expect(await rejection(verifier, await hmacToken({ nbf: nowSeconds + 3600 }))).toMatchObject({
      cause: "not-yet-valid",
    });
  });

  it("rejects a bad signature, an unknown key and a malformed token", async () => {
    const verifier = new CapabilityTokenVerifier(hmacOptions());
    const otherSecret = new TextEncoder().encode("another-secret-of-at-least-32-bytes!");
    expect(await rejection(verifier, await hmacToken({}, otherSecret))).toMatchObject({
      cause: "bad-signature",
      reason: "capability token rejected: bad signature",
    });

    const { publicKey } = await generateKeyPair("ES256");
    const { privateKey: strangerKey } = await generateKeyPair("ES256");
    const jwksVerifier = new CapabilityTokenVerifier({
      algorithms: ["ES256"],
      keys: { keys: [{ ...(await exportJWK(publicKey)), kid: "known", alg: "ES256" }] },
      issuer,
      audience,
      now,
    });
    const stranger = await new SignJWT({ scope: "db:read" })
      .setProtectedHeader({ alg: "ES256", kid: "stranger" })
      .setSubject("agent-7")
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime(nowSeconds + 60)
      .sign(strangerKey);
    expect(await rejection(jwksVerifier, stranger)).toMatchObject({ cause: "unknown-key" });

    expect(await rejection(verifier, "not-a-jwt")).toMatchObject({ cause: "malformed" });
    expect(await rejection(verifier, "x".repeat(9_000))).toMatchObject({ cause: "malformed" });
    expect(await rejection(verifier, 42 as unknown as string)).toMatchObject({
      cause: "malformed",
    });
  });

  it("rejects a token without exp or sub, or with a malformed scope", async () => {
    const verifier = new CapabilityTokenVerifier(hmacOptions());
    const noExpiry = await hmacToken({ exp: undefined });
    expect(await rejection(verifier, noExpiry)).toMatchObject({
      cause: "missing-claim",
      reason: "capability token rejected: missing claim 'exp'",
    });
    expect(await rejection(verifier, await hmacToken({ scope: "*" }))).toMatchObject({
      cause: "invalid-claim",
    });
    expect(await rejection(verifier, await hmacToken({ scope: 7 }))).toMatchObject({
      cause: "missing-claim",
    });
    expect(await rejection(verifier, await hmacToken({ sub: "evil\u0000agent" }))).toMatchObject({
      cause: "invalid-claim",
    });
  });

  it("refuses unsafe or incomplete options", () => {
    const make = (options: Partial<CapabilityTokenOptions>) => () =>
      new CapabilityTokenVerifier({ ...hmacOptions(), ...options } as CapabilityTokenOptions);
    expect(make({ algorithms: ["none"] })).toThrow("must not include 'none'");
    expect(make({ algorithms: [] })).toThrow(InvalidOptionError);
    expect(make({ key: new TextEncoder().encode("short") })).toThrow("at least 32 bytes");
    expect(make({ key: "a string secret" as unknown as Uint8Array })).toThrow(
      "must not be a string",
    );
    expect(make({ audience: "" })).toThrow("audience is required");
    expect(make({ issuer: undefined as unknown as string })).toThrow("issuer is required");
    expect(make({ keys: { keys: [] } })).toThrow("exactly one of key");
    expect(make({ clockToleranceSeconds: 3600 })).toThrow("clockToleranceSeconds");
  });
});

describe("capability tokens in the pipeline", () => {
  function tokenGuard(overrides: Partial<CapabilityTokenOptions> = {}) {
    return createGuard({
      connectors: [
        { name: "db-read", version: "1", requiredPermissions: ["db:read"], rateLimit: 2 },
        { name: "db-write", version: "1", requiredPermissions: ["db:write"] },
        { name: "files", version: "1", requiredPermissions: ["files:upload"] },
      ],
      agents: { "static-agent": { permissions: ["db:read"] } },
      capabilityTokens: hmacOptions(overrides),
    });
  }

  it("lets the token's sub win over sourceAgent, in the result, the limit and the audit", async () => {
    const guard = tokenGuard();
    const token = await hmacToken();
    const attempt = { connectorName: "db-read", sourceAgent: "impostor", capabilityToken: token };
    expect(await guard.check(attempt)).toMatchObject({ allowed: true, verifiedAgent: "agent-7" });
    await guard.check({ ...attempt, sourceAgent: "someone-else" });
    // The limit of 2 is counted for agent-7, whatever name the attempts gave.
    expect(await guard.check(attempt)).toMatchObject({ allowed: false, check: "rate-limit" });
    const entries = guard.auditLog.allEntries();
    expect(entries.map((entry) => entry.connectionAttempt.sourceAgent)).toEqual([
      "agent-7",
      "agent-7",
      "agent-7",
    ]);
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  it("names the missing scope, and wildcards in scopes work", async () => {
    const guard = tokenGuard();
    const token = await hmacToken();
    expect(await guard.check({ connectorName: "db-write", capabilityToken: token })).toMatchObject({
      allowed: false,
      check: "permission",
      verifiedAgent: "agent-7",
      reason:
        "agent 'agent-7' is missing required permissions: db:write (missing scope in its capability token)",
    });
    expect((await guard.check({ connectorName: "files", capabilityToken: token })).allowed).toBe(
      true,
    );
  });

  it("denies with the token's cause, and requires a token unless told otherwise", async () => {
    const guard = tokenGuard();
    const expired = await hmacToken({ exp: nowSeconds - 60 });
    const denied = await guard.check({ connectorName: "db-read", capabilityToken: expired });
    expect(denied).toMatchObject({ allowed: false, check: "permission" });
    expect(denied.reason).toMatch(/^capability token rejected: expired at /);
    expect(
      await guard.check({ connectorName: "db-read", sourceAgent: "static-agent" }),
    ).toMatchObject({
      allowed: false,
      reason:
        "a capability token is required (capabilityTokens.required) and the attempt carries none",
    });
    const lenient = tokenGuard({ required: false });
    expect(
      (await lenient.check({ connectorName: "db-read", sourceAgent: "static-agent" })).allowed,
    ).toBe(true);
  });

  it("denies a token sent to a guard that verifies none, rather than ignoring it", async () => {
    const guard = createGuard({ connectors: [{ name: "open", version: "1" }] });
    expect(
      await guard.check({ connectorName: "open", capabilityToken: await hmacToken() }),
    ).toMatchObject({ allowed: false, check: "permission" });
  });
});

describe("PermissionCheck", () => {
  it("answers static grants synchronously and tokens with the verified identity", async () => {
    const verifier = new CapabilityTokenVerifier(hmacOptions({ required: false }));
    const permissions = new PermissionCheck(new PermissionGrants({ bot: ["db:*"] }), verifier);
    expect(permissions.check({ connectorName: "db", sourceAgent: "bot" }, ["db:read"])).toEqual({
      held: true,
      agent: "bot",
    });
    expect(permissions.check({ connectorName: "db" }, ["db:read"])).toEqual({
      held: false,
      reason: "agent 'unknown' is missing required permissions: db:read",
    });
    const token = await hmacToken();
    expect(
      await permissions.check({ connectorName: "db", sourceAgent: "bot", capabilityToken: token }, [
        "db:read",
      ]),
    ).toEqual({ held: true, agent: "agent-7", verifiedAgent: "agent-7" });
  });
});
