import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  AuditLog,
  type AuditSink,
  ConnectorGuardError,
  createGuard,
  InterceptorError,
  InvalidOptionError,
  isGuard,
  SlidingWindowRateLimiter,
} from "../src/index.js";

const connectors = [
  { name: "lookup-order", version: "1.0.0" },
  {
    name: "refund-payment",
    version: "1.0.0",
    rateLimit: 2,
    requiredPermissions: ["payments:write"],
    inputSchema: {
      type: "object",
      properties: { orderId: { type: "string" }, amount: { type: "number", exclusiveMinimum: 0 } },
      required: ["orderId", "amount"],
      additionalProperties: false,
    },
  },
];

describe("createGuard", () => {
  it("builds one guard from one config: connectors, agents, window", async () => {
    const guard = createGuard({
      connectors,
      agents: { "support-bot": { permissions: ["payments:write"] } },
      rateLimitWindowSeconds: 30,
    });
    expect(isGuard(guard)).toBe(true);
    expect(isGuard({})).toBe(false);
    expect(guard.registry.allNames()).toEqual(["lookup-order", "refund-payment"]);
    const refund = {
      connectorName: "refund-payment",
      sourceAgent: "support-bot",
      inputData: { orderId: "A1", amount: 5 },
    };
    expect((await guard.check(refund)).allowed).toBe(true);
    expect((await guard.check(refund)).allowed).toBe(true);
    expect((await guard.check(refund)).reason).toMatch(
      /^rate limit exceeded for connector 'refund-payment' \(limit: 2 req\/30s\); retry in 30\.0s$/,
    );
    expect(guard.auditLog.size).toBe(3);
  });

  it("execute runs allowed calls and records their outcome; denied ones throw", async () => {
    const guard = createGuard({ connectors });
    expect(
      await guard.execute({ connectorName: "lookup-order", sourceAgent: "bot" }, () => "shipped"),
    ).toBe("shipped");
    await expect(
      guard.execute({ connectorName: "refund-payment", sourceAgent: "bot" }, () => "refunded"),
    ).rejects.toThrow(InterceptorError);
    const entries = guard.auditLog.allEntries();
    expect(entries.map((entry) => [entry.result.allowed, entry.outcome?.status])).toEqual([
      [true, "ok"],
      [false, undefined],
    ]);
  });

  it("writes to every configured sink and keeps the given AuditLog as guard.auditLog", async () => {
    const mine = new AuditLog({ maxEntries: 5 });
    const seen: AuditEntry[] = [];
    const collector: AuditSink = {
      append: (entry) => {
        seen.push(entry);
      },
      flush: async () => {},
      close: async () => {},
    };
    const guard = createGuard({ connectors, audit: [collector, mine] });
    expect(guard.auditLog).toBe(mine);
    await guard.check({ connectorName: "lookup-order" });
    expect(seen).toHaveLength(1);
    expect(mine.size).toBe(1);
    await guard.flush();
    await guard.close();
  });

  it("always keeps an in-memory log, even beside a single custom sink", async () => {
    const seen: AuditEntry[] = [];
    const guard = createGuard({
      connectors,
      audit: {
        append: (entry) => void seen.push(entry),
        flush: async () => {},
        close: async () => {},
      },
    });
    await guard.check({ connectorName: "nope" });
    expect(seen).toHaveLength(1);
    expect(guard.auditLog.size).toBe(1);
  });

  it("close() closes the sinks, then a rate-limit store that owns a connection", async () => {
    const closed: string[] = [];
    const limiter = new SlidingWindowRateLimiter();
    const guard = createGuard({
      connectors,
      rateLimitStore: {
        consume: (key, windowSeconds, limit) => limiter.consume(key, windowSeconds, limit),
        close: async () => void closed.push("store"),
      },
      audit: {
        append: () => undefined,
        flush: async () => {},
        close: async () => void closed.push("sink"),
      },
    });
    expect((await guard.check({ connectorName: "lookup-order" })).allowed).toBe(true);
    await guard.close();
    expect(closed).toEqual(["sink", "store"]);
  });

  it("rejects a bad connector when the guard is built, not at call time", () => {
    expect(() =>
      createGuard({ connectors: [{ name: "x", version: "1", inputSchema: { type: "nope" } }] }),
    ).toThrow("connector 'x': inputSchema is not a valid JSON Schema");
  });

  it("rejects malformed configuration with a precise message", () => {
    expect(() => createGuard({} as never)).toThrow("connectors must be an array");
    expect(() =>
      createGuard({ connectors, agents: { bot: { permissions: "payments:write" } } as never }),
    ).toThrow("createGuard: /agents/bot/permissions must be an array (got a string)");
    const error = (() => {
      try {
        createGuard({ connectors, rateLimitWindowSeconds: -5 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect(ConnectorGuardError.isInstance(error)).toBe(true);
  });
});
