/**
 * Every example of the reference library's README, translated to this API, behaves as that
 * README documents.
 */
import { describe, expect, it } from "vitest";
import {
  AuditLog,
  ConnectionValidator,
  ConnectorRegistry,
  checkRateLimit,
  createGuard,
  RequestInterceptor,
  SlidingWindowRateLimiter,
  sharedRateLimiter,
} from "./support/core-internals.js";

describe("the reference README's examples", () => {
  it("validate a call in five lines: allowed, 'all checks passed'", async () => {
    const registry = new ConnectorRegistry();
    registry.register({
      name: "openai-chat",
      version: "1.0.0",
      requiredPermissions: ["llm:call"],
      inputSchema: { type: "object", required: ["prompt"] },
    });
    const validator = new ConnectionValidator(registry, {
      agentPermissions: { "agent-1": ["llm:call"] },
    });
    const result = await validator.validate({
      connectorName: "openai-chat",
      sourceAgent: "agent-1",
      inputData: { prompt: "Summarize this document." },
    });
    expect([result.allowed, result.reason]).toEqual([true, "all checks passed"]);
  });

  it("the decorator interceptor: add(3, 4) is 7 and the log holds one entry", async () => {
    const registry = new ConnectorRegistry();
    registry.register({ name: "calculator", version: "1.0.0" });
    const interceptor = new RequestInterceptor(new ConnectionValidator(registry), new AuditLog());
    const add = interceptor.wrap({ connectorName: "calculator", sourceAgent: "agent-1" })(
      ({ x, y }: { x: number; y: number }) => x + y,
    );
    expect(await add({ x: 3, y: 4 })).toBe(7);
    expect(interceptor.auditLog.size).toBe(1);
  });

  it("grant and revoke permissions dynamically", async () => {
    const registry = new ConnectorRegistry();
    registry.register({ name: "db", version: "1", requiredPermissions: ["db:read"] });
    const validator = new ConnectionValidator(registry);
    validator.grantPermission("agent-1", "llm:call");
    validator.grantPermission("agent-1", "db:read");
    expect(
      (await validator.validate({ connectorName: "db", sourceAgent: "agent-1" })).allowed,
    ).toBe(true);
    validator.revokePermission("agent-1", "db:read");
    expect(validator.permissionsOf("agent-1")).toEqual(["llm:call"]);
    expect(
      (await validator.validate({ connectorName: "db", sourceAgent: "agent-1" })).allowed,
    ).toBe(false);
  });

  it("query the audit log: all, since, per connector, per agent, denied", async () => {
    const log = new AuditLog({ maxEntries: 50_000 });
    const guard = createGuard({
      connectors: [{ name: "openai-chat", version: "1", requiredPermissions: ["llm:call"] }],
      agents: { "agent-1": { permissions: ["llm:call"] } },
      audit: log,
    });
    await guard.check({ connectorName: "openai-chat", sourceAgent: "agent-1" });
    await guard.check({ connectorName: "openai-chat", sourceAgent: "agent-2" });
    await guard.check({ connectorName: "db-write", sourceAgent: "agent-1" });
    expect(log.allEntries()).toHaveLength(3);
    expect(log.since(new Date(Date.now() - 60 * 60 * 1000))).toHaveLength(3);
    expect(log.since(new Date(Date.now() + 60_000))).toHaveLength(0);
    expect(log.forConnector("openai-chat")).toHaveLength(2);
    expect(log.forAgent("agent-1")).toHaveLength(2);
    expect(`Total: ${log.size}, Denied: ${log.deniedEntries().length}`).toBe("Total: 3, Denied: 2");
  });

  it("manual intercept: a blocked call reports its latency and reason", async () => {
    const registry = new ConnectorRegistry();
    registry.register({ name: "openai-chat", version: "1", requiredPermissions: ["llm:call"] });
    const interceptor = new RequestInterceptor(new ConnectionValidator(registry));
    const result = await interceptor.intercept({
      connectorName: "openai-chat",
      inputData: { prompt: "hello" },
      sourceAgent: "agent-2",
    });
    expect(result.allowed).toBe(false);
    expect(`Blocked (${result.latencyMs.toFixed(1)}ms): ${result.reason}`).toMatch(
      /^Blocked \(\d+\.\dms\): agent 'agent-2' is missing required permissions: llm:call$/,
    );
  });

  it("the standalone limiter: 3 of 5 allowed, count 3, reset; module-level check is true", () => {
    const limiter = new SlidingWindowRateLimiter();
    const outcomes = [1, 2, 3, 4, 5].map((call) => {
      const allowed = limiter.checkRateLimit("openai-chat:agent-1", 60, 3);
      return `call ${call}: ${allowed ? "allowed" : "denied"}`;
    });
    expect(outcomes).toEqual([
      "call 1: allowed",
      "call 2: allowed",
      "call 3: allowed",
      "call 4: denied",
      "call 5: denied",
    ]);
    expect(limiter.currentCount("openai-chat:agent-1", 60)).toBe(3);
    limiter.reset("openai-chat:agent-1");
    expect(limiter.currentCount("openai-chat:agent-1", 60)).toBe(0);
    const key = `my-connector-${process.pid}-${Math.random()}`;
    expect(checkRateLimit(key, 60, 10)).toBe(true);
    sharedRateLimiter.reset(key);
  });
});

describe("concurrency with async tools in flight", () => {
  it("never runs more calls than the limit while earlier calls are still running", async () => {
    const guard = createGuard({ connectors: [{ name: "search", version: "1", rateLimit: 25 }] });
    let running = 0;
    let ran = 0;
    let mostAtOnce = 0;
    const search = async () => {
      running++;
      ran++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      running--;
      return "hit";
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1_000 }, () =>
        guard.execute({ connectorName: "search", sourceAgent: "agent-1" }, search),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(25);
    expect(ran).toBe(25);
    expect(mostAtOnce).toBeGreaterThan(1); // the calls really overlapped
    expect(guard.auditLog.size).toBe(1_000);
    expect(guard.auditLog.deniedEntries()).toHaveLength(975);
  });
});
