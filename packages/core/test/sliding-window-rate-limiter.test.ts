import { describe, expect, it } from "vitest";
import { describeRateLimitStore } from "../src/testing/describe-rate-limit-store.js";
import {
  checkRateLimit,
  InvalidOptionError,
  ManualClock,
  SlidingWindowRateLimiter,
  sharedRateLimiter,
} from "./support/core-internals.js";

describe("SlidingWindowRateLimiter", () => {
  it("admits 3 of 5 calls, counts 3, and reset clears the key (the reference's example)", () => {
    const limiter = new SlidingWindowRateLimiter();
    const decisions = Array.from({ length: 5 }, () =>
      limiter.checkRateLimit("openai-chat:agent-1", 60, 3),
    );
    expect(decisions).toEqual([true, true, true, false, false]);
    expect(limiter.currentCount("openai-chat:agent-1", 60)).toBe(3);
    limiter.reset("openai-chat:agent-1");
    expect(limiter.currentCount("openai-chat:agent-1", 60)).toBe(0);
    expect(limiter.checkRateLimit("openai-chat:agent-1", 60, 3)).toBe(true);
  });

  it("slides: each admitted call frees its slot exactly one window later", () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ clock: clock.now });
    expect(limiter.checkRateLimit("k", 10, 2)).toBe(true); // t=0
    clock.advance(4_000);
    expect(limiter.checkRateLimit("k", 10, 2)).toBe(true); // t=4s
    clock.advance(5_999);
    expect(limiter.consume("k", 10, 2)).toMatchObject({
      allowed: false,
      count: 2,
      retryAfterMs: 1,
    });
    clock.advance(1); // t=10s: the first call leaves the window
    expect(limiter.checkRateLimit("k", 10, 2)).toBe(true);
    expect(limiter.checkRateLimit("k", 10, 2)).toBe(false);
    clock.advance(4_000); // t=14s: the second call leaves
    expect(limiter.currentCount("k", 10)).toBe(1);
    expect(limiter.checkRateLimit("k", 10, 2)).toBe(true);
  });

  it("has no fixed-window boundary burst", () => {
    const clock = new ManualClock(59_000);
    const limiter = new SlidingWindowRateLimiter({ clock: clock.now });
    for (let call = 0; call < 5; call++) expect(limiter.checkRateLimit("k", 60, 5)).toBe(true);
    clock.advance(2_000); // a fixed 60 s window would have reset at t=60s
    expect(limiter.checkRateLimit("k", 60, 5)).toBe(false);
  });

  it("counts two calls at the same instant as two calls", () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ clock: clock.now });
    expect(limiter.checkRateLimit("k", 1, 2)).toBe(true);
    expect(limiter.checkRateLimit("k", 1, 2)).toBe(true);
    expect(limiter.checkRateLimit("k", 1, 2)).toBe(false);
  });

  it("keeps at most the limit's timestamps per key, even when the limit shrinks", () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ clock: clock.now });
    for (let call = 0; call < 1_000; call++) limiter.checkRateLimit("k", 60, 100);
    expect(limiter.currentCount("k", 60)).toBe(100);
    expect(limiter.checkRateLimit("k", 60, 10)).toBe(false);
    expect(limiter.currentCount("k", 60)).toBe(10);
  });

  it("evicts idle keys: memory stays bounded with 100,000 distinct agents", () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ clock: clock.now, sweepIntervalMs: 30_000 });
    for (let agent = 0; agent < 100_000; agent++) {
      limiter.checkRateLimit(`search:agent-${agent}`, 60, 5);
    }
    expect(limiter.keyCount).toBe(100_000);
    clock.advance(60_000); // every window has emptied
    limiter.checkRateLimit("search:agent-new", 60, 5); // the next call sweeps
    expect(limiter.keyCount).toBe(1);
  });

  it("keeps keys whose window still holds calls when sweeping", () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowRateLimiter({ clock: clock.now, sweepIntervalMs: 1_000 });
    limiter.checkRateLimit("old", 10, 5);
    clock.advance(8_000);
    limiter.checkRateLimit("recent", 10, 5);
    clock.advance(3_000);
    limiter.sweep();
    expect(limiter.keyCount).toBe(1);
    expect(limiter.currentCount("recent", 10)).toBe(1);
  });

  it("rejects nonsensical windows and limits with a clear error", () => {
    const limiter = new SlidingWindowRateLimiter();
    expect(() => limiter.checkRateLimit("k", 0, 1)).toThrow(InvalidOptionError);
    expect(() => limiter.checkRateLimit("k", 60, 0)).toThrow(
      "maxRequests must be an integer >= 1 (got 0)",
    );
    expect(() => limiter.checkRateLimit("k", Number.NaN, 1)).toThrow("windowSeconds");
    expect(() => new SlidingWindowRateLimiter({ sweepIntervalMs: -1 })).toThrow("sweepIntervalMs");
  });

  it("is monotonic: ManualClock refuses to go backwards", () => {
    expect(() => new ManualClock().advance(-1)).toThrow(RangeError);
  });
});

describe("checkRateLimit (module level)", () => {
  it("uses one limiter shared by the whole process", () => {
    const key = `my-connector-${Math.random()}`;
    expect(checkRateLimit(key, 60, 10)).toBe(true);
    expect(sharedRateLimiter.currentCount(key, 60)).toBe(1);
    sharedRateLimiter.reset(key);
  });
});

describeRateLimitStore("SlidingWindowRateLimiter (in process, manual clock)", async () => {
  const clock = new ManualClock(1_000);
  return {
    store: new SlidingWindowRateLimiter({ clock: clock.now }),
    windowSeconds: 60,
    elapse: async (ms) => clock.advance(ms),
  };
});
