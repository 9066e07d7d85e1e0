/**
 * Property tests: 100,000 random cases in all (60,000 here on the pipeline, 20,000 on
 * redaction, 10,000 on the input caps; the other 10,000 pair permissions in
 * permission-set.test.ts). Hostile values are part of every generator.
 */
import fc from "fast-check";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import {
  hostileJson,
  hostileKey,
  hostilePayload,
  hostileString,
  ownRecord,
} from "./hostile-payloads.js";
import {
  AuditRedactor,
  type ConnectionAttempt,
  type ConnectionAttemptInit,
  type ConnectionResult,
  canonicalJson,
  createGuard,
  type DecisionHandler,
  type Guard,
  InterceptorError,
  inputLimitProblem,
  ManualClock,
  SecretKeyMatcher,
  SlidingWindowRateLimiter,
  toJsonValue,
  toolDefinitionHash,
} from "./support/core-internals.js";

const limits = { maxSize: 2_000, maxDepth: 12 };
const pin = toolDefinitionHash({ description: "pinned tool", inputSchema: {} });
const otherHash = toolDefinitionHash({ description: "pinned tool, changed", inputSchema: {} });

// ---- The reference model: the pipeline's rules, written independently and plainly. ----

interface ModelConnector {
  readonly required: readonly string[];
  readonly rateLimit: number;
  readonly mode: "enforce" | "shadow";
  readonly pin?: string;
  readonly accepts: (input: unknown) => boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const modelConnectors = new Map<string, ModelConnector>([
  ["open", { required: [], rateLimit: 1_000_000, mode: "enforce", accepts: () => true }],
  [
    "db",
    {
      required: ["db:read"],
      rateLimit: 1_000_000,
      mode: "enforce",
      accepts: (input) =>
        isObject(input) &&
        Object.hasOwn(input, "n") &&
        Number.isInteger(input.n) &&
        (input.n as number) <= 10,
    },
  ],
  ["pinned", { required: [], rateLimit: 1_000_000, mode: "enforce", pin, accepts: () => true }],
  ["shadowed", { required: ["admin:all"], rateLimit: 3, mode: "shadow", accepts: () => true }],
  ["limited", { required: [], rateLimit: 5, mode: "enforce", accepts: () => true }],
  [
    "pattern",
    {
      required: [],
      rateLimit: 1_000_000,
      mode: "enforce",
      accepts: (input) =>
        typeof input === "string" && [...input].length <= 20 && /^[a-z]+$/u.test(input),
    },
  ],
]);

const staticGrants = new Map<string, readonly string[]>([
  ["agent-a", ["db:*"]],
  ["agent-b", ["db:read", "admin:**"]],
  ["__proto__", ["db:read"]],
]);

function covers(grant: string, permission: string): boolean {
  const held = grant.split(":");
  const wanted = permission.split(":");
  const openEnded = held.at(-1) === "**";
  const fixed = openEnded ? held.slice(0, -1) : held;
  if (openEnded ? wanted.length <= fixed.length : wanted.length !== fixed.length) return false;
  return fixed.every((segment, index) => segment === "*" || segment === wanted[index]);
}

function measure(value: unknown, depth = 0): { size: number; depth: number } {
  if (typeof value === "string") return { size: 1 + value.length, depth };
  if (typeof value !== "object" || value === null) return { size: 1, depth };
  let size = 1;
  let deepest = depth + 1;
  const children = Array.isArray(value)
    ? value.map((item) => ["", item] as const)
    : Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]] as const);
  for (const [key, child] of children) {
    const measured = measure(child, depth + 1);
    size += key.length + measured.size;
    deepest = Math.max(deepest, measured.depth);
  }
  return { size, depth: deepest };
}

type ModelToken = { agent: string; permissions: readonly string[] } | "rejected";

interface ModelDecision {
  readonly allowed: boolean;
  readonly check?: string;
  readonly wouldDeny?: string;
  readonly verifiedAgent?: string;
}

class PipelineModel {
  private readonly counts = new Map<string, number>();

  constructor(private readonly tokens: ReadonlyMap<string, ModelToken>) {}

  decide(attempt: Record<string, unknown>): ModelDecision {
    const name = attempt.connectorName;
    const connector = typeof name === "string" ? modelConnectors.get(name) : undefined;
    if (connector === undefined) return { allowed: false, check: "registry" };
    const fail = (check: string, verifiedAgent?: string): ModelDecision =>
      connector.mode === "shadow"
        ? { allowed: true, wouldDeny: check, verifiedAgent }
        : { allowed: false, check, verifiedAgent };
    if (connector.pin !== undefined && attempt.toolDefinitionHash !== connector.pin) {
      return fail("pin");
    }
    let agent: string;
    let verifiedAgent: string | undefined;
    if (attempt.capabilityToken === undefined) {
      const claimed = attempt.sourceAgent ?? "unknown";
      if (typeof claimed !== "string") return fail("permission");
      const held = staticGrants.get(claimed) ?? [];
      if (!connector.required.every((need) => held.some((grant) => covers(grant, need)))) {
        return fail("permission");
      }
      agent = claimed;
    } else {
      const token = this.tokens.get(attempt.capabilityToken as string) ?? "rejected";
      if (token === "rejected") return fail("permission");
      agent = verifiedAgent = token.agent;
      if (
        !connector.required.every((need) => token.permissions.some((grant) => covers(grant, need)))
      ) {
        return fail("permission", verifiedAgent);
      }
    }
    const key = `${name}\u0000${agent}`;
    const used = this.counts.get(key) ?? 0;
    if (used >= connector.rateLimit) return fail("rate-limit", verifiedAgent);
    this.counts.set(key, used + 1);
    const input = attempt.inputData === undefined ? {} : attempt.inputData;
    const measured = measure(input);
    if (measured.size > limits.maxSize || measured.depth > limits.maxDepth) {
      return fail("input-schema", verifiedAgent);
    }
    if (!connector.accepts(input)) return fail("input-schema", verifiedAgent);
    return { allowed: true, verifiedAgent };
  }
}

// ---- The guard under test, configured like the model. ----

const secret = new TextEncoder().encode("property-test-secret-of-32-bytes-or-more");
const issuer = "https://issuer.test";
const audience = "connectorguard";
const nowMs = 1_800_000_000_000;

async function token(claims: Record<string, unknown>, key = secret, alg = "HS256") {
  return new SignJWT({
    iss: issuer,
    aud: audience,
    exp: nowMs / 1000 + 3600,
    ...claims,
  })
    .setProtectedHeader({ alg })
    .sign(key);
}

let tokenPool: string[] = [];
let modelTokens = new Map<string, ModelToken>();

beforeAll(async () => {
  const entries: [string, ModelToken][] = [
    [
      await token({ sub: "tok-db", scope: "db:read" }),
      { agent: "tok-db", permissions: ["db:read"] },
    ],
    [
      await token({ sub: "__proto__", scope: ["admin:all", "db:*"] }),
      { agent: "__proto__", permissions: ["admin:all", "db:*"] },
    ],
    [await token({ sub: "late", scope: "db:read", exp: nowMs / 1000 - 600 }), "rejected"],
    [await token({ sub: "aud", scope: "db:read", aud: "elsewhere" }), "rejected"],
    [
      await token({ sub: "sig", scope: "db:read" }, new TextEncoder().encode("x".repeat(40))),
      "rejected",
    ],
    [await token({ sub: "star", scope: "*" }), "rejected"],
    ["not.a.token", "rejected"],
    [
      `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"root","scope":"admin:all"}').toString("base64url")}.`,
      "rejected",
    ],
  ];
  modelTokens = new Map(entries);
  tokenPool = entries.map(([text]) => text);
});

function makeGuard(onDecision: DecisionHandler): Guard {
  return createGuard({
    connectors: [
      { name: "open", version: "1", rateLimit: 1_000_000 },
      {
        name: "db",
        version: "1",
        rateLimit: 1_000_000,
        requiredPermissions: ["db:read"],
        inputSchema: {
          type: "object",
          properties: { n: { type: "integer", maximum: 10 } },
          required: ["n"],
        },
      },
      { name: "pinned", version: "1", rateLimit: 1_000_000, pin },
      {
        name: "shadowed",
        version: "1",
        rateLimit: 3,
        mode: "shadow",
        requiredPermissions: ["admin:all"],
      },
      { name: "limited", version: "1", rateLimit: 5 },
      {
        name: "pattern",
        version: "1",
        rateLimit: 1_000_000,
        inputSchema: { type: "string", pattern: "^[a-z]+$", maxLength: 20 },
      },
    ],
    agents: Object.fromEntries(
      [...staticGrants].map(([agent, permissions]) => [agent, { permissions }]),
    ),
    rateLimitStore: new SlidingWindowRateLimiter({ clock: new ManualClock().now }),
    capabilityTokens: {
      algorithms: ["HS256"],
      key: secret,
      issuer,
      audience,
      required: false,
      now: () => nowMs,
    },
    inputLimits: limits,
    onDecision,
  });
}

const nonString = fc.oneof(fc.integer(), fc.constant(null), fc.constant({}), fc.constant([]));
const attemptArbitrary = fc.record(
  {
    connectorName: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...modelConnectors.keys()) },
      { weight: 1, arbitrary: fc.constantFrom("missing", "__proto__", "constructor", "open ") },
      { weight: 1, arbitrary: hostileString },
      { weight: 1, arbitrary: nonString },
    ),
    sourceAgent: fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom("agent-a", "agent-b", "__proto__", "unknown", "agent-A"),
      },
      { weight: 1, arbitrary: hostileString },
      { weight: 1, arbitrary: nonString },
    ),
    capabilityToken: fc.nat(),
    toolDefinitionHash: fc.oneof(
      fc.constant(pin),
      fc.constant(otherHash),
      hostileString,
      fc.integer(),
    ),
    inputData: hostilePayload,
  },
  { requiredKeys: ["connectorName"] },
);

describe("the pipeline against a reference model", () => {
  it("agrees on 60,000 random attempts; never throws; always gives a reason", async () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const model = new PipelineModel(modelTokens);
    const seen = new Map<string, number>();
    let decisions = 0;
    let last: [ConnectionResult, ConnectionAttempt] | undefined;
    const guard = makeGuard((result, audited) => {
      decisions++;
      last = [result, audited];
    });

    await fc.assert(
      fc.asyncProperty(attemptArbitrary, fc.boolean(), async (generated, runTool) => {
        const attempt: Record<string, unknown> = { ...generated };
        // One attempt in five carries a token from the pool.
        if (typeof generated.capabilityToken === "number") {
          if (generated.capabilityToken % 5 === 0) {
            attempt.capabilityToken = tokenPool[generated.capabilityToken % tokenPool.length];
          } else delete attempt.capabilityToken;
        }
        const expected = model.decide(attempt);
        const before = decisions;
        let result: ConnectionResult;
        if (runTool) {
          let ran = false;
          try {
            await guard.execute(attempt as unknown as ConnectionAttemptInit, () => {
              ran = true;
            });
          } catch (error) {
            if (!InterceptorError.isInstance(error)) throw error;
          }
          result = last?.[0] as ConnectionResult;
          if (ran !== expected.allowed)
            throw new Error(`tool ran: ${ran}, expected ${expected.allowed}`);
        } else {
          result = await guard.check(attempt as unknown as ConnectionAttemptInit);
        }
        const outcome =
          expected.check ?? (expected.wouldDeny ? `shadow:${expected.wouldDeny}` : "allowed");
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        // Plain comparisons: 60,000 runs of vitest matchers would cost more than the guard.
        const actual = {
          allowed: result.allowed,
          check: result.check,
          wouldDeny: result.wouldDeny?.check,
          verifiedAgent: result.verifiedAgent,
          audited: last?.[1].sourceAgent,
          decisions: decisions - before,
          hasReason: typeof result.reason === "string" && result.reason.length > 0,
        };
        const wanted = {
          ...expected,
          audited: expected.verifiedAgent ?? actual.audited,
          decisions: 1,
          hasReason: true,
        };
        if (
          actual.allowed !== wanted.allowed ||
          actual.check !== wanted.check ||
          actual.wouldDeny !== wanted.wouldDeny ||
          actual.verifiedAgent !== wanted.verifiedAgent ||
          actual.audited !== wanted.audited ||
          actual.decisions !== wanted.decisions ||
          !actual.hasReason
        ) {
          expect({ ...actual, reason: result.reason }).toEqual(wanted);
        }
      }),
      { numRuns: 60_000 },
    );

    // Every path of the pipeline was taken many times, or this test proves little.
    for (const outcome of [
      "allowed",
      "registry",
      "pin",
      "permission",
      "rate-limit",
      "input-schema",
      "shadow:permission",
      "shadow:rate-limit",
    ]) {
      expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(200);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).n).toBeUndefined();
  }, 120_000);
});

describe("redaction on random payloads", () => {
  const matcher = new SecretKeyMatcher();

  function secretsLeft(value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    if (Array.isArray(value)) return value.some(secretsLeft);
    const record = value as Record<string, unknown>;
    return Object.keys(record).some((key) =>
      matcher.isSecret(key) ? record[key] !== "[REDACTED]" : secretsLeft(record[key]),
    );
  }

  it("never leaves a secret, never mutates the input, on 20,000 payloads", () => {
    const redactor = new AuditRedactor({ maxInputSize: 600, maxDepth: 10 });
    const payload = fc.oneof(
      hostileJson,
      fc
        .array(fc.tuple(hostileKey, hostileJson), { maxLength: 6 })
        .map((entries) => ownRecord([...entries, ["password", "hunter2"]])),
      fc.tuple(hostileJson, fc.integer({ min: 0, max: 14 })).map(([leaf, depth]) => {
        let nested: unknown = ownRecord([
          ["token", "t0ken"],
          ["leaf", leaf],
        ]);
        for (let level = 0; level < depth; level++) nested = ownRecord([["next", nested]]);
        return nested;
      }),
    );
    fc.assert(
      fc.property(payload, (input) => {
        const before = canonicalJson(input);
        const redacted = redactor.redactInput(input);
        const text = canonicalJson(redacted);
        const truncated = isObject(redacted) && redacted.truncated === true;
        // Plain comparisons on the hot loop; a matcher reports the failing case in detail.
        const problems = [
          canonicalJson(input) !== before && "the input was modified",
          secretsLeft(redacted) && "a secret was left",
          (text.includes("hunter2") || text.includes("t0ken")) && "a secret value survived",
          !secretsLeft(input) &&
            !truncated &&
            text !== canonicalJson(toJsonValue(input)) &&
            "a clean input was not kept as its JSON copy",
          typeof input === "object" &&
            input !== null &&
            Object.is(redacted, input) &&
            "the caller's object was kept",
        ].filter(Boolean);
        if (problems.length > 0) expect({ problems, redacted: text }).toEqual({ problems: [] });
      }),
      { numRuns: 20_000 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("password");
  }, 60_000);
});

describe("input caps on random payloads", () => {
  it("deny exactly what the documented measure puts over a cap, on 10,000 payloads", () => {
    fc.assert(
      fc.property(
        hostilePayload,
        fc.integer({ min: 1, max: 3_000 }),
        fc.integer({ min: 1, max: 40 }),
        (payload, maxSize, maxDepth) => {
          const input = payload === undefined ? {} : payload;
          const measured = measure(input);
          const over = measured.size > maxSize || measured.depth > maxDepth;
          const problem = inputLimitProblem(input, { maxSize, maxDepth });
          expect(problem !== undefined).toBe(over);
        },
      ),
      { numRuns: 10_000 },
    );
  }, 60_000);
});
