import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RedisDecisionDeadlines } from "../src/rate-limit/redis-decision-deadlines.js";

describe("RedisDecisionDeadlines", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("expires the decisions not finished in time, in order, and only those", () => {
    const deadlines = new RedisDecisionDeadlines(40);
    const expired: string[] = [];
    const first = deadlines.start(() => expired.push("first"));
    const second = deadlines.start(() => expired.push("second"));
    vi.advanceTimersByTime(10);
    const third = deadlines.start(() => expired.push("third"));
    expect(deadlines.finish(second)).toBe(true);
    vi.advanceTimersByTime(29);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["first"]);
    vi.advanceTimersByTime(9);
    expect(expired).toEqual(["first"]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["first", "third"]);
    // An answer after the deadline must be ignored; a finished decision never expires.
    expect(deadlines.finish(first)).toBe(false);
    expect(deadlines.finish(third)).toBe(false);
    expect(deadlines.finish(second)).toBe(false);
  });

  it("keeps one timer for many decisions, and none once all are settled", () => {
    const deadlines = new RedisDecisionDeadlines(20);
    let expired = 0;
    for (let index = 0; index < 5_000; index++) {
      deadlines.finish(deadlines.start(() => expired++));
    }
    expect(vi.getTimerCount()).toBe(1);
    const late = deadlines.start(() => expired++);
    vi.advanceTimersByTime(20);
    expect(expired).toBe(1);
    expect(deadlines.finish(late)).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
