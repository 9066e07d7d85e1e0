import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGuard, type Guard, RateLimitStoreError } from "../src/index.js";
import { RedisRateLimitStore } from "../src/redis.js";
import { freePort, redisServerInstalled, ThrowawayRedis } from "./support/redis-service.js";

const installed = await redisServerInstalled();
if (!installed) {
  console.warn(
    "SKIPPING Redis outage tests: redis-server is not installed to start a throwaway server",
  );
}

const timeoutMs = 200;
// How late a denial may come past the timeout on a busy shared machine.
const slackMs = 400;
const connector = { name: "search", version: "1.0.0", rateLimit: 1_000 };

function guardOn(client: Redis, onStoreError: "deny" | "allow" = "deny"): Guard {
  return createGuard({
    connectors: [connector],
    rateLimitStore: new RedisRateLimitStore({ client, keyPrefix: "outage:", timeoutMs }),
    onStoreError,
  });
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; elapsedMs: number }> {
  const startedAt = performance.now();
  const value = await run();
  return { value, elapsedMs: performance.now() - startedAt };
}

describe.skipIf(!installed)("RedisRateLimitStore when Redis is down, slow or failing", () => {
  const clients: Redis[] = [];
  const track = (client: Redis): Redis => {
    client.on("error", () => {});
    clients.push(client);
    return client;
  };
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  it("denies within the timeout when Redis is at a dead port, queueing nothing", async () => {
    const client = track(new Redis(await freePort(), "127.0.0.1", { retryStrategy: () => 100 }));
    const guard = guardOn(client);
    for (let index = 0; index < 3; index++) {
      const { value: result, elapsedMs } = await timed(() =>
        guard.check({ connectorName: "search", sourceAgent: "agent-1" }),
      );
      expect(result).toMatchObject({ allowed: false, check: "rate-limit" });
      expect(result.reason).toMatch(
        new RegExp(
          `^rate-limit store unavailable: Redis not connected within ${timeoutMs} ms \\(connection (connecting|reconnecting|close)\\); denying \\(fail closed\\)$`,
        ),
      );
      // The store waited for the connection instead of handing the client a command to replay.
      expect((client as unknown as { offlineQueue: { length: number } }).offlineQueue.length).toBe(
        0,
      );
      expect(elapsedMs).toBeLessThan(timeoutMs + slackMs);
    }
    expect(guard.auditLog.deniedEntries()).toHaveLength(3);
  });

  it("denies at once when the client has ended (quit, or stopped reconnecting)", async () => {
    const client = track(new Redis(await freePort(), "127.0.0.1", { lazyConnect: true }));
    client.disconnect();
    expect(client.status).toBe("end");
    const { value: result, elapsedMs } = await timed(() =>
      guardOn(client).check({ connectorName: "search" }),
    );
    expect(result.reason).toBe(
      "rate-limit store unavailable: Redis connection is closed (ended: the client was quit or stopped reconnecting); denying (fail closed)",
    );
    expect(elapsedMs).toBeLessThan(slackMs);
  });

  it("rejects with RateLimitStoreError, never hangs, and leaves no unhandled rejection", async () => {
    const client = track(new Redis(await freePort(), "127.0.0.1", { retryStrategy: () => 100 }));
    const store = new RedisRateLimitStore({ client, timeoutMs });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => store.consume("key", 60, 5)),
    );
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      expect(RateLimitStoreError.isInstance((outcome as PromiseRejectedResult).reason)).toBe(true);
    }
    // The queued commands fail later, after their decisions gave up: nothing must surface.
    client.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it("with onStoreError 'allow', allows and audits that the store was unavailable", async () => {
    const client = track(new Redis(await freePort(), "127.0.0.1", { enableOfflineQueue: false }));
    const guard = guardOn(client, "allow");
    const result = await guard.check({ connectorName: "search", sourceAgent: "agent-1" });
    expect(result.allowed).toBe(true);
    expect(result.reason).toMatch(
      /^all checks passed \(rate-limit store unavailable: Redis not connected within 200 ms \(connection \w+\); allowed by onStoreError "allow"\)$/,
    );
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.result.reason).toBe(result.reason);
  });

  describe("a Redis of the test's own, stopped and started mid-run", () => {
    let server: ThrowawayRedis;
    beforeAll(async () => {
      server = await ThrowawayRedis.start(["--enable-debug-command", "yes"]);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("denies while Redis is stopped, and decides again once it is back", async () => {
      const client = track(server.client());
      const guard = guardOn(client);
      for (let index = 0; index < 5; index++) {
        expect((await guard.check({ connectorName: "search" })).allowed).toBe(true);
      }

      await server.stop();
      for (let index = 0; index < 5; index++) {
        const { value: result, elapsedMs } = await timed(() =>
          guard.check({ connectorName: "search" }),
        );
        expect(result.allowed).toBe(false);
        expect(result.reason).toMatch(/^rate-limit store unavailable: /);
        expect(elapsedMs).toBeLessThan(timeoutMs + slackMs);
      }

      await server.start(["--enable-debug-command", "yes"]);
      const resumedBy = performance.now() + 5_000;
      let resumed = await guard.check({ connectorName: "search" });
      while (!resumed.allowed && performance.now() < resumedBy) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        resumed = await guard.check({ connectorName: "search" });
      }
      expect(resumed).toMatchObject({ allowed: true, reason: "all checks passed" });
      expect((await guard.check({ connectorName: "search" })).allowed).toBe(true);
    });

    // Issue 13, item 8: after an outage, ioredis' offline queue replayed about 950 denied
    // decisions into the window.
    it("replays none of the decisions denied during an outage into the window", async () => {
      const client = track(server.client({ maxRetriesPerRequest: null }));
      const store = new RedisRateLimitStore({ client, keyPrefix: "replay:", timeoutMs });
      expect((await store.consume("agent", 60, 10_000)).allowed).toBe(true);

      await server.stop();
      const during = await Promise.allSettled(
        Array.from({ length: 950 }, () => store.consume("agent", 60, 10_000)),
      );
      expect(during.every((outcome) => outcome.status === "rejected")).toBe(true);

      await server.start(["--enable-debug-command", "yes"]);
      const resumedBy = performance.now() + 5_000;
      let admitted = 0;
      while (admitted === 0 && performance.now() < resumedBy) {
        const decision = await store.consume("agent", 60, 10_000).catch(() => undefined);
        if (decision?.allowed) admitted++;
      }
      expect(admitted).toBe(1);
      await client.ping();
      await client.ping();
      // The restarted server kept nothing: only what was admitted since counts.
      expect(await client.zcard("replay:agent")).toBe(admitted);
    });

    it("denies within the timeout when Redis is too slow to answer, then recovers", async () => {
      const client = track(server.client());
      const blocker = track(server.client());
      const guard = guardOn(client);
      expect((await guard.check({ connectorName: "search" })).allowed).toBe(true);

      const sleeping = blocker.call("DEBUG", "SLEEP", "0.8");
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { value: result, elapsedMs } = await timed(() =>
        guard.check({ connectorName: "search" }),
      );
      expect(result.reason).toBe(
        `rate-limit store unavailable: Redis did not answer within ${timeoutMs} ms; denying (fail closed)`,
      );
      expect(elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 5);
      expect(elapsedMs).toBeLessThan(timeoutMs + slackMs);
      await sleeping;
      expect((await guard.check({ connectorName: "search" })).allowed).toBe(true);
    });
  });
});
