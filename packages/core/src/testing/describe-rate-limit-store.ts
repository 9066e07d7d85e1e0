import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { ConnectionValidator } from "../pipeline/connection-validator.js";
import type { RateLimitDecision, RateLimitStore } from "../rate-limit/rate-limit-store.js";
import { ConnectorRegistry } from "../registry/connector-registry.js";

/** What the conformance suite needs from one store under test. */
export interface RateLimitStoreHarness {
  readonly store: RateLimitStore;
  /**
   * The window the suite uses, in seconds: long for a store on a manual clock, about a
   * second for one on a real clock, so the suite stays fast and its timing margins wide.
   */
  readonly windowSeconds: number;
  /**
   * Lets `ms` milliseconds pass for the store: advances a manual clock, or waits for a real
   * one (at least `ms`).
   */
  elapse(ms: number): Promise<void>;
  /** Releases what the harness holds (clients, keys). */
  close?(): Promise<void>;
}

/**
 * The behaviour every `RateLimitStore` must have, run against the in-process
 * `SlidingWindowRateLimiter` and the Redis store alike: exact limits, a true sliding window,
 * denials that are not counted, independence of keys, atomic concurrent decisions, and the
 * same validation of arguments.
 *
 * @example
 * describeRateLimitStore("SlidingWindowRateLimiter", async () => {
 *   const clock = new ManualClock();
 *   return {
 *     store: new SlidingWindowRateLimiter({ clock: clock.now }),
 *     windowSeconds: 60,
 *     elapse: async (ms) => clock.advance(ms),
 *   };
 * });
 */
export function describeRateLimitStore(
  name: string,
  makeHarness: () => Promise<RateLimitStoreHarness>,
  options: { skip?: boolean } = {},
): void {
  describe.skipIf(options.skip === true)(`RateLimitStore conformance: ${name}`, () => {
    let harness: RateLimitStoreHarness;
    let windowMs: number;
    const consume = (key: string, limit: number): Promise<RateLimitDecision> =>
      Promise.resolve(harness.store.consume(key, harness.windowSeconds, limit));
    const freshKey = () => `conformance:${randomBytes(6).toString("hex")}`;

    beforeAll(async () => {
      harness = await makeHarness();
      windowMs = harness.windowSeconds * 1000;
    }, 30_000);
    afterAll(async () => {
      await harness?.close?.();
    });

    it("admits exactly `limit` requests, counting each, then denies without counting", async () => {
      const key = freshKey();
      const decisions: RateLimitDecision[] = [];
      for (let index = 0; index < 5; index++) decisions.push(await consume(key, 3));
      expect(decisions.map((decision) => decision.allowed)).toEqual([
        true,
        true,
        true,
        false,
        false,
      ]);
      expect(decisions.map((decision) => decision.count)).toEqual([1, 2, 3, 3, 3]);
      for (const decision of decisions) expect(decision.limit).toBe(3);
      expect(decisions.slice(0, 3).map((decision) => decision.retryAfterMs)).toEqual([0, 0, 0]);
      for (const denied of decisions.slice(3)) {
        expect(denied.retryAfterMs).toBeGreaterThan(0);
        expect(denied.retryAfterMs).toBeLessThanOrEqual(windowMs);
      }
    });

    it("keeps keys apart", async () => {
      const first = freshKey();
      const second = freshKey();
      expect((await consume(first, 1)).allowed).toBe(true);
      expect((await consume(first, 1)).allowed).toBe(false);
      expect((await consume(second, 1)).allowed).toBe(true);
    });

    it("slides: a slot frees exactly when its oldest request leaves the window", async () => {
      const key = freshKey();
      expect((await consume(key, 2)).allowed).toBe(true);
      await harness.elapse(windowMs * 0.4);
      expect((await consume(key, 2)).allowed).toBe(true);
      const denied = await consume(key, 2);
      expect(denied.allowed).toBe(false);
      // The oldest request leaves 0.6 windows from now; the newest one 0.4 windows later.
      expect(denied.retryAfterMs).toBeGreaterThan(windowMs * 0.3);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(windowMs * 0.6);
      await harness.elapse(denied.retryAfterMs + windowMs * 0.05);
      // One slot is free (the oldest left), not two: no fixed-window reset.
      expect((await consume(key, 2)).allowed).toBe(true);
      const stillFull = await consume(key, 2);
      expect(stillFull.allowed).toBe(false);
      expect(stillFull.count).toBe(2);
    });

    it("does not count denials: a full window later the whole limit is available again", async () => {
      const key = freshKey();
      for (let index = 0; index < 2; index++) expect((await consume(key, 2)).allowed).toBe(true);
      for (let index = 0; index < 5; index++) expect((await consume(key, 2)).allowed).toBe(false);
      await harness.elapse(windowMs * 1.05);
      const again = [await consume(key, 2), await consume(key, 2), await consume(key, 2)];
      expect(again.map((decision) => decision.allowed)).toEqual([true, true, false]);
      expect(again[0]?.count).toBe(1);
    });

    it("decides concurrent requests atomically: exactly `limit` admitted, each with its own count", async () => {
      const key = freshKey();
      const decisions = await Promise.all(Array.from({ length: 60 }, () => consume(key, 25)));
      const admitted = decisions.filter((decision) => decision.allowed);
      expect(admitted).toHaveLength(25);
      expect(
        admitted.map((decision) => decision.count).sort((left, right) => left - right),
      ).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
    });

    it("applies a lower limit at once to a key that was admitted under a higher one", async () => {
      const key = freshKey();
      for (let index = 0; index < 4; index++) expect((await consume(key, 4)).allowed).toBe(true);
      const lowered = await consume(key, 2);
      expect(lowered).toMatchObject({ allowed: false, count: 2, limit: 2 });
      expect((await consume(key, 5)).allowed).toBe(true);
    });

    it("rejects a window or a limit that makes no sense, naming it", async () => {
      const key = freshKey();
      const attempt = (windowSeconds: number, limit: number) => async () =>
        harness.store.consume(key, windowSeconds, limit);
      await expect(attempt(0, 1)).rejects.toThrow(
        "windowSeconds must be a positive number (got 0)",
      );
      await expect(attempt(Number.NaN, 1)).rejects.toThrow("windowSeconds");
      await expect(attempt(1, 0)).rejects.toThrow("maxRequests must be an integer >= 1 (got 0)");
      await expect(attempt(1, 1.5)).rejects.toSatisfy(InvalidOptionError.isInstance);
    });

    it("plugs into the pipeline: the validator denies at the rate-limit check with a retry time", async () => {
      const registry = new ConnectorRegistry();
      const connectorName = `search-${randomBytes(4).toString("hex")}`;
      registry.register({ name: connectorName, version: "1.0.0", rateLimit: 2 });
      const validator = new ConnectionValidator(registry, {
        rateLimiter: harness.store,
        rateLimitWindowSeconds: harness.windowSeconds,
      });
      const attempt = { connectorName, sourceAgent: "agent-1" };
      expect((await validator.validate(attempt)).allowed).toBe(true);
      expect((await validator.validate(attempt)).allowed).toBe(true);
      const denied = await validator.validate(attempt);
      expect(denied).toMatchObject({ allowed: false, check: "rate-limit" });
      expect(denied.reason).toMatch(
        new RegExp(`^rate limit exceeded for connector '${connectorName}' \\(limit: 2 req/`),
      );
      expect(denied.retryAfterMs).toBeGreaterThan(0);
    });
  });
}
