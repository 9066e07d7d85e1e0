import { describe, expect, it } from "vitest";
import {
  ConnectionValidator,
  ConnectorRegistry,
  ManualClock,
  PIPELINE_CHECKS,
  SlidingWindowRateLimiter,
} from "./support/core-internals.js";

function setup(options: { rateLimit?: number; clock?: ManualClock } = {}) {
  const registry = new ConnectorRegistry();
  registry.register({
    name: "openai-chat",
    version: "1.0.0",
    rateLimit: options.rateLimit ?? 30,
    requiredPermissions: ["llm:call"],
    inputSchema: {
      type: "object",
      properties: {
        prompt: { type: "string" },
        model: { type: "string" },
        temperature: { type: "number", maximum: 2 },
      },
      required: ["prompt"],
    },
  });
  const rateLimiter = new SlidingWindowRateLimiter({ clock: options.clock?.now });
  const validator = new ConnectionValidator(registry, {
    rateLimiter,
    agentPermissions: { "agent-1": ["llm:call"] },
  });
  return { registry, validator, rateLimiter };
}

describe("ConnectionValidator", () => {
  it("allows a call that passes all four checks (the reference's five-line example)", async () => {
    const { validator } = setup();
    const result = await validator.validate({
      connectorName: "openai-chat",
      sourceAgent: "agent-1",
      inputData: { prompt: "Summarize this document." },
    });
    expect(result).toMatchObject({ allowed: true, reason: "all checks passed" });
    expect(result.check).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("denies an unregistered connector at the registry check", async () => {
    const { validator } = setup();
    const result = await validator.validate({ connectorName: "db-write", sourceAgent: "agent-1" });
    expect(result).toMatchObject({
      allowed: false,
      check: "registry",
      reason: "connector 'db-write' is not registered",
    });
  });

  it("denies an agent missing a permission and names every missing one", async () => {
    const { registry, validator } = setup();
    registry.register({ name: "db", version: "1", requiredPermissions: ["db:read", "db:write"] });
    validator.grantPermission("agent-1", "db:read");
    const result = await validator.validate({ connectorName: "db", sourceAgent: "agent-1" });
    expect(result).toMatchObject({
      allowed: false,
      check: "permission",
      reason: "agent 'agent-1' is missing required permissions: db:write",
    });
    validator.grantPermission("agent-1", "db:write");
    expect(
      (await validator.validate({ connectorName: "db", sourceAgent: "agent-1" })).allowed,
    ).toBe(true);
    expect(validator.revokePermission("agent-1", "db:write")).toBe(true);
    expect((await validator.validate({ connectorName: "db", sourceAgent: "agent-1" })).check).toBe(
      "permission",
    );
  });

  it("treats a missing agent as 'unknown', who holds nothing", async () => {
    const { validator } = setup();
    const result = await validator.validate({ connectorName: "openai-chat" });
    expect(result.reason).toBe("agent 'unknown' is missing required permissions: llm:call");
  });

  it("denies over the rate limit and says when to retry", async () => {
    const clock = new ManualClock();
    const { validator } = setup({ rateLimit: 2, clock });
    const attempt = {
      connectorName: "openai-chat",
      sourceAgent: "agent-1",
      inputData: { prompt: "x" },
    };
    expect((await validator.validate(attempt)).allowed).toBe(true);
    clock.advance(47_600);
    expect((await validator.validate(attempt)).allowed).toBe(true);
    const denied = await validator.validate(attempt);
    expect(denied).toMatchObject({
      allowed: false,
      check: "rate-limit",
      reason: "rate limit exceeded for connector 'openai-chat' (limit: 2 req/60s); retry in 12.4s",
      retryAfterMs: 12_400,
    });
    clock.advance(12_400);
    expect((await validator.validate(attempt)).allowed).toBe(true);
  });

  it("denies input that does not match the schema with a pointer to the field", async () => {
    const { validator } = setup();
    const result = await validator.validate({
      connectorName: "openai-chat",
      sourceAgent: "agent-1",
      inputData: { prompt: "hi", temperature: 3 },
    });
    expect(result).toMatchObject({
      allowed: false,
      check: "input-schema",
      reason: "input validation failed: /temperature must be <= 2",
    });
    const missing = await validator.validate({
      connectorName: "openai-chat",
      sourceAgent: "agent-1",
      inputData: {},
    });
    expect(missing.reason).toBe("input validation failed: must have required property 'prompt'");
  });

  it("runs the checks in order and stops at the first failure", async () => {
    const { validator, rateLimiter } = setup({ rateLimit: 1 });
    // Fails permission and input: only permission is reported, and no rate slot is taken.
    const both = await validator.validate({
      connectorName: "openai-chat",
      sourceAgent: "intruder",
      inputData: 5,
    });
    expect(both.check).toBe("permission");
    expect(rateLimiter.keyCount).toBe(0);
    // Fails rate limit and input: the rate limit is reported.
    await validator.validate({
      connectorName: "openai-chat",
      sourceAgent: "agent-1",
      inputData: { prompt: "a" },
    });
    const overAndBad = await validator.validate({
      connectorName: "openai-chat",
      sourceAgent: "agent-1",
      inputData: 5,
    });
    expect(overAndBad.check).toBe("rate-limit");
    expect(PIPELINE_CHECKS).toEqual([
      "registry",
      "pin",
      "permission",
      "rate-limit",
      "input-schema",
    ]);
  });

  it("admits exactly the limit out of 1,000 concurrent validations", async () => {
    const { validator } = setup({ rateLimit: 10 });
    const results = await Promise.all(
      Array.from({ length: 1_000 }, () =>
        validator.validate({
          connectorName: "openai-chat",
          sourceAgent: "agent-1",
          inputData: { prompt: "p" },
        }),
      ),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    expect(results.filter((result) => result.check === "rate-limit")).toHaveLength(990);
  });

  it("admits exactly the limit when the store answers asynchronously", async () => {
    const { registry } = setup();
    const limiter = new SlidingWindowRateLimiter();
    const slowStore = {
      consume: async (key: string, windowSeconds: number, limit: number) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        return limiter.consume(key, windowSeconds, limit);
      },
    };
    registry.register({ name: "search", version: "1", rateLimit: 10 });
    const validator = new ConnectionValidator(registry, { rateLimiter: slowStore });
    const results = await Promise.all(
      Array.from({ length: 500 }, () =>
        validator.validate({ connectorName: "search", sourceAgent: "a" }),
      ),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
  });

  it("fails closed when the rate-limit store throws, and open only when told to", async () => {
    const { registry } = setup();
    registry.register({ name: "search", version: "1" });
    const brokenStore = {
      consume: async (): Promise<never> => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:6390");
      },
    };
    const closed = new ConnectionValidator(registry, { rateLimiter: brokenStore });
    expect(await closed.validate({ connectorName: "search" })).toMatchObject({
      allowed: false,
      check: "rate-limit",
      reason:
        "rate-limit store unavailable: connect ECONNREFUSED 127.0.0.1:6390; denying (fail closed)",
    });
    const open = new ConnectionValidator(registry, {
      rateLimiter: brokenStore,
      onStoreError: "allow",
    });
    const allowed = await open.validate({ connectorName: "search" });
    expect(allowed.allowed).toBe(true);
    expect(allowed.reason).toContain("rate-limit store unavailable");
  });

  it("rejects invalid options", () => {
    const registry = new ConnectorRegistry();
    expect(() => new ConnectionValidator(registry, { rateLimitWindowSeconds: 0 })).toThrow(
      "ConnectionValidator: /rateLimitWindowSeconds must be > 0 (got 0)",
    );
    expect(() => new ConnectionValidator(registry, { onStoreError: "maybe" as "deny" })).toThrow(
      'ConnectionValidator: /onStoreError must be one of "deny", "allow" (got "maybe")',
    );
  });
});
