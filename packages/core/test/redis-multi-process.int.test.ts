import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisRateLimitStore } from "../src/redis.js";
import { rateLimitKey } from "./support/core-internals.js";
import { deleteKeys, redisAvailable, redisUrl, uniquePrefix } from "./support/redis-service.js";

const available = await redisAvailable();
const workerScript = fileURLToPath(new URL("./fixtures/rate-limit-worker.mjs", import.meta.url));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface BurstReport {
  readonly type: "burst";
  readonly admitted: number;
  readonly rateLimited: number;
  readonly otherReasons: string[];
}

/** Resolves with the next message of `child` (rejects if it exits first). */
function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`worker exited with code ${code}`));
    child.once("exit", onExit);
    child.once("message", (message) => {
      child.off("exit", onExit);
      resolve(message as T);
    });
  });
}

describe.skipIf(!available)("RedisRateLimitStore shared by 4 processes", () => {
  const limit = 100;
  const windowSeconds = 1;
  const attemptsPerProcess = 250;
  // Each round waits out the window; five show it sliding as well as twenty did, in a quarter
  // of the time.
  const rounds = 5;
  // Clocks an hour (or a day) apart: the store reads the Redis server's clock only.
  const skews = [0, 3_600_000, -3_600_000, 86_400_000];
  const keyPrefix = uniquePrefix("multi-process");
  const workers: ChildProcess[] = [];
  let client: Redis;

  beforeAll(async () => {
    client = new Redis(redisUrl);
    for (const skew of skews) {
      const worker = fork(workerScript, [], {
        env: {
          ...process.env,
          REDIS_URL: redisUrl,
          KEY_PREFIX: keyPrefix,
          LIMIT: String(limit),
          WINDOW_SECONDS: String(windowSeconds),
          CLOCK_SKEW_MS: String(skew),
        },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      workers.push(worker);
      expect(await nextMessage<{ type: string }>(worker)).toEqual({ type: "ready" });
    }
  }, 30_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.connected) worker.send({ type: "stop" });
    await deleteKeys(client, keyPrefix);
    client.disconnect();
  });

  it("admits exactly 100 of 4 × 250 concurrent attempts in each of 5 rounds, the window sliding on time", async () => {
    const probe = new RedisRateLimitStore({ client, keyPrefix, timeoutMs: 10_000 });
    const key = rateLimitKey("search", "agent-1");
    for (let round = 1; round <= rounds; round++) {
      const reports = workers.map((worker) => nextMessage<BurstReport>(worker));
      for (const worker of workers) worker.send({ type: "burst", attempts: attemptsPerProcess });
      const settled = await Promise.all(reports);
      const burstEnded = performance.now();

      const admitted = settled.reduce((sum, report) => sum + report.admitted, 0);
      const rateLimited = settled.reduce((sum, report) => sum + report.rateLimited, 0);
      expect({ round, admitted, rateLimited }).toEqual({
        round,
        admitted: limit,
        rateLimited: skews.length * attemptsPerProcess - limit,
      });
      expect(settled.flatMap((report) => report.otherReasons)).toEqual([]);

      // Not before its time: until the oldest admission leaves the window, still denied.
      const early = await probe.consume(key, windowSeconds, limit);
      expect(early.allowed).toBe(false);
      expect(early.retryAfterMs).toBeGreaterThan(0);
      expect(early.retryAfterMs).toBeLessThanOrEqual(windowSeconds * 1000);
      if (early.retryAfterMs > 400) {
        await sleep(early.retryAfterMs - 250);
        const later = await probe.consume(key, windowSeconds, limit);
        expect(later.allowed).toBe(false);
        expect(later.retryAfterMs).toBeLessThan(early.retryAfterMs);
      }
      // Every admission of this burst has left the window: the next burst gets all 100.
      await sleep(Math.max(0, burstEnded + windowSeconds * 1000 + 30 - performance.now()));
    }
  }, 120_000);
});
