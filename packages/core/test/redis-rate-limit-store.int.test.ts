import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  RedisRateLimitStore,
  SLIDING_WINDOW_SCRIPT,
  SLIDING_WINDOW_SCRIPT_SHA1,
} from "../src/redis.js";
import { describeRateLimitStore } from "../src/testing/describe-rate-limit-store.js";
import {
  deleteKeys,
  redisAvailable,
  redisServerInstalled,
  redisUrl,
  ThrowawayRedis,
  uniquePrefix,
} from "./support/redis-service.js";

const available = await redisAvailable();
const ownServers = available && (await redisServerInstalled());
if (available && !ownServers) {
  console.warn(
    "SKIPPING Redis script-cache tests: redis-server is not installed to start a throwaway server",
  );
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeRateLimitStore(
  "RedisRateLimitStore (shared Redis, server clock)",
  async () => {
    const client = new Redis(redisUrl);
    const keyPrefix = uniquePrefix("conformance");
    return {
      store: new RedisRateLimitStore({ client, keyPrefix, timeoutMs: 2_000 }),
      // Two seconds leave wide margins for a busy machine's late timers.
      windowSeconds: 2,
      elapse: sleep,
      close: async () => {
        await deleteKeys(client, keyPrefix);
        client.disconnect();
      },
    };
  },
  { skip: !available },
);

describe.skipIf(!available)("RedisRateLimitStore on the shared Redis", () => {
  let client: Redis;
  const keyPrefix = uniquePrefix("redis-store");

  beforeAll(() => {
    client = new Redis(redisUrl);
  });
  afterAll(async () => {
    await deleteKeys(client, keyPrefix);
    client.disconnect();
  });

  it("caches the script under the precomputed SHA-1", async () => {
    expect(await client.script("LOAD", SLIDING_WINDOW_SCRIPT)).toBe(SLIDING_WINDOW_SCRIPT_SHA1);
  });

  it("writes one sorted set per key, with a TTL of one window, under the prefix", async () => {
    const store = new RedisRateLimitStore({ client, keyPrefix });
    await store.consume("4:chat:agent-ttl", 2.5, 10);
    await store.consume("4:chat:agent-ttl", 2.5, 10);
    const redisKey = `${keyPrefix}4:chat:agent-ttl`;
    expect(await client.type(redisKey)).toBe("zset");
    expect(await client.zcard(redisKey)).toBe(2);
    const ttl = await client.pttl(redisKey);
    expect(ttl).toBeGreaterThan(2_000);
    expect(ttl).toBeLessThanOrEqual(2_500);
    const denied = new RedisRateLimitStore({ client, keyPrefix });
    for (let index = 0; index < 3; index++) await denied.consume("4:chat:agent-full", 60, 1);
    expect(await client.pttl(`${keyPrefix}4:chat:agent-full`)).toBeGreaterThan(59_000);
  });

  it("counts requests in the same millisecond as distinct requests", async () => {
    // MULTI runs the scripts back to back: several land in the same millisecond.
    const redisKey = `${keyPrefix}same-millisecond`;
    await client.script("LOAD", SLIDING_WINDOW_SCRIPT);
    const transaction = client.multi();
    for (let index = 0; index < 6; index++) {
      transaction.evalsha(SLIDING_WINDOW_SCRIPT_SHA1, 1, redisKey, 60_000_000, 5, `m${index}`);
    }
    const replies = ((await transaction.exec()) ?? []).map(([error, reply]) => {
      expect(error).toBeNull();
      return reply;
    });
    expect(replies.map((reply) => (reply as number[]).slice(0, 2))).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
      [1, 5],
      [0, 5],
    ]);
    const scores = (await client.zrange(redisKey, 0, -1, "WITHSCORES")).filter(
      (_, index) => index % 2 === 1,
    );
    expect(scores).toHaveLength(5);
    const milliseconds = new Set(scores.map((score) => Math.floor(Number(score) / 1000)));
    expect(milliseconds.size).toBeLessThan(scores.length);
  });

  // Issue 14, item 2: a client still connecting made the first decision fail ("Stream isn't
  // writeable and enableOfflineQueue options is false").
  it("waits for a client that is still connecting, or not yet connected (lazyConnect)", async () => {
    for (const options of [
      { enableOfflineQueue: false, maxRetriesPerRequest: 0 },
      { enableOfflineQueue: false, lazyConnect: true },
    ]) {
      const fresh = new Redis(redisUrl, options);
      try {
        expect(fresh.status).not.toBe("ready");
        const store = new RedisRateLimitStore({ client: fresh, keyPrefix, timeoutMs: 2_000 });
        const decisions = await Promise.all(
          Array.from({ length: 3 }, () => store.consume("connecting", 60, 1_000)),
        );
        expect(decisions.every((decision) => decision.allowed)).toBe(true);
      } finally {
        fresh.disconnect();
      }
    }
  });

  it("counts a decision sent twice once (a client replaying it takes no second slot)", async () => {
    const redisKey = `${keyPrefix}sent-twice`;
    await client.script("LOAD", SLIDING_WINDOW_SCRIPT);
    const first = await client.evalsha(
      SLIDING_WINDOW_SCRIPT_SHA1,
      1,
      redisKey,
      60_000_000,
      5,
      "d1",
    );
    const again = await client.evalsha(
      SLIDING_WINDOW_SCRIPT_SHA1,
      1,
      redisKey,
      60_000_000,
      5,
      "d1",
    );
    expect(first).toEqual([1, 1, 0]);
    expect(again).toEqual([1, 1, 0]);
    expect(await client.zcard(redisKey)).toBe(1);
  });

  // Issue 13, item 8: with timeoutMs 1, 8 of 20 trials admitted 0–48 calls while Redis counted
  // 50 — every decision that gave up late still took its slot.
  it("takes back the slot of every decision that gave up: Redis counts what was admitted", async () => {
    const store = new RedisRateLimitStore({ client, keyPrefix, timeoutMs: 1 });
    for (let trial = 0; trial < 20; trial++) {
      const key = `timeout-trial-${trial}`;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, () => store.consume(key, 60, 1_000)),
      );
      const admitted = outcomes.filter(
        (outcome) => outcome.status === "fulfilled" && outcome.value.allowed,
      ).length;
      // The late replies, then the rollbacks they send, are answered before these.
      await client.ping();
      await client.ping();
      expect(await client.zcard(`${keyPrefix}${key}`)).toBe(admitted);
    }
  });

  it("turns a script error (a key of the wrong type) into a rejection naming Redis", async () => {
    await client.set(`${keyPrefix}wrong-type`, "not a sorted set", "EX", 60);
    const store = new RedisRateLimitStore({ client, keyPrefix });
    await expect(store.consume("wrong-type", 60, 5)).rejects.toThrow(/^Redis error: .*WRONGTYPE/);
  });

  it("uses the Redis server's clock: decisions do not depend on the caller's", async () => {
    const store = new RedisRateLimitStore({ client, keyPrefix });
    const realNow = Date.now;
    const realPerformanceNow = performance.now.bind(performance);
    try {
      Date.now = () => realNow() + 3_600_000;
      performance.now = () => realPerformanceNow() + 3_600_000;
      expect((await store.consume("skew", 60, 1)).allowed).toBe(true);
      Date.now = () => realNow() - 3_600_000;
      performance.now = () => realPerformanceNow() - 3_600_000;
      const denied = await store.consume("skew", 60, 1);
      expect(denied.allowed).toBe(false);
      expect(denied.retryAfterMs).toBeGreaterThan(59_000);
    } finally {
      Date.now = realNow;
      performance.now = realPerformanceNow;
    }
  });
});

describe.skipIf(!ownServers)("RedisRateLimitStore script cache (a throwaway Redis)", () => {
  let server: ThrowawayRedis;
  let client: Redis;

  beforeAll(async () => {
    server = await ThrowawayRedis.start();
    client = server.client();
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  async function calls(command: "evalsha" | "eval"): Promise<number> {
    const info = await client.info("commandstats");
    return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  }

  it("calls the script by SHA, and sends it whole only when the server has lost it", async () => {
    const store = new RedisRateLimitStore({ client, keyPrefix: "cache:" });
    await store.consume("key", 60, 100); // first contact: NOSCRIPT, then EVAL
    await client.config("RESETSTAT");
    for (let index = 0; index < 10; index++) await store.consume("key", 60, 100);
    expect(await calls("evalsha")).toBe(10);
    expect(await calls("eval")).toBe(0);

    await client.script("FLUSH");
    await client.config("RESETSTAT");
    const afterFlush = await store.consume("key", 60, 100);
    expect(afterFlush).toMatchObject({ allowed: true, count: 12 });
    await store.consume("key", 60, 100);
    expect(await calls("evalsha")).toBe(2);
    expect(await calls("eval")).toBe(1);
  });
});
