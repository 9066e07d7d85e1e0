import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { type Clock, monotonicClock } from "./clock.js";
import type { RateLimitDecision, RateLimitStore } from "./rate-limit-store.js";

/** Options of {@link SlidingWindowRateLimiter}. */
export interface SlidingWindowRateLimiterOptions {
  /** Monotonic milliseconds; defaults to `performance.now()`. Inject a `ManualClock` in tests. */
  readonly clock?: Clock;
  /**
   * How often (in clock milliseconds) keys whose window has emptied are swept away, so that
   * memory follows the active keys rather than every key ever seen. Default 60 000.
   */
  readonly sweepIntervalMs?: number;
}

/**
 * The admitted timestamps of one key, oldest first, in a ring buffer that grows on demand and
 * never holds more than `limit` entries.
 */
class SlidingLog {
  times: Float64Array;
  head = 0;
  size = 0;
  windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
    this.times = new Float64Array(4);
  }

  evictBefore(cutoff: number): void {
    const capacity = this.times.length;
    while (this.size > 0 && (this.times[this.head] as number) <= cutoff) {
      this.head = (this.head + 1) % capacity;
      this.size--;
    }
  }

  oldest(): number {
    return this.times[this.head] as number;
  }

  newest(): number {
    return this.times[(this.head + this.size - 1) % this.times.length] as number;
  }

  push(time: number, limit: number): void {
    if (this.size === this.times.length) this.grow(Math.min(limit, this.times.length * 2));
    this.times[(this.head + this.size) % this.times.length] = time;
    this.size++;
  }

  /** Keeps only the newest `limit` entries (the limit of a key can shrink between calls). */
  trimTo(limit: number): void {
    while (this.size > limit) {
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
  }

  private grow(capacity: number): void {
    const grown = new Float64Array(Math.max(capacity, this.size + 1));
    for (let index = 0; index < this.size; index++) {
      grown[index] = this.times[(this.head + index) % this.times.length] as number;
    }
    this.times = grown;
    this.head = 0;
  }
}

/**
 * An exact sliding-log rate limiter: a request is admitted when fewer than `maxRequests`
 * were admitted in the last `windowSeconds`, with no fixed-window boundary bursts. Memory is
 * bounded: at most `maxRequests` timestamps per key, and keys whose window has emptied are
 * swept away. Decisions are synchronous, so concurrent async callers can never both take the
 * last slot. It is also the guard's default `RateLimitStore`.
 *
 * @example
 * const limiter = new SlidingWindowRateLimiter();
 * for (let call = 1; call <= 5; call++) {
 *   limiter.checkRateLimit("openai-chat:agent-1", 60, 3); // true, true, true, false, false
 * }
 * limiter.currentCount("openai-chat:agent-1", 60); // 3
 * limiter.reset("openai-chat:agent-1");
 */
export class SlidingWindowRateLimiter implements RateLimitStore {
  private readonly logs = new Map<string, SlidingLog>();
  private readonly clock: Clock;
  private readonly sweepIntervalMs: number;
  private lastSweep: number;

  constructor(options: SlidingWindowRateLimiterOptions = {}) {
    this.clock = options.clock ?? monotonicClock;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    if (!(this.sweepIntervalMs > 0)) {
      throw new InvalidOptionError(
        `sweepIntervalMs must be a positive number (got ${options.sweepIntervalMs})`,
      );
    }
    this.lastSweep = this.clock();
  }

  /**
   * Admits and records one request for `key` if it is under `maxRequests` in the last
   * `windowSeconds`; returns whether it was admitted.
   */
  checkRateLimit(key: string, windowSeconds: number, maxRequests: number): boolean {
    return this.consume(key, windowSeconds, maxRequests).allowed;
  }

  /** Like `checkRateLimit`, with the count and, when denied, when to retry. */
  consume(key: string, windowSeconds: number, limit: number): RateLimitDecision {
    const windowMs = toWindowMs(windowSeconds);
    if (!(limit >= 1) || !Number.isInteger(limit)) {
      throw new InvalidOptionError(`maxRequests must be an integer >= 1 (got ${limit})`);
    }
    const now = this.clock();
    if (now - this.lastSweep >= this.sweepIntervalMs) this.sweep(now);

    let log = this.logs.get(key);
    if (log === undefined) {
      log = new SlidingLog(windowMs);
      this.logs.set(key, log);
    }
    log.windowMs = windowMs;
    log.evictBefore(now - windowMs);
    log.trimTo(limit);
    if (log.size < limit) {
      log.push(now, limit);
      return { allowed: true, count: log.size, limit, retryAfterMs: 0 };
    }
    return { allowed: false, count: log.size, limit, retryAfterMs: log.oldest() + windowMs - now };
  }

  /** Requests admitted for `key` in the last `windowSeconds`. */
  currentCount(key: string, windowSeconds: number): number {
    const log = this.logs.get(key);
    if (log === undefined) return 0;
    log.evictBefore(this.clock() - toWindowMs(windowSeconds));
    return log.size;
  }

  /** Forgets everything recorded for `key`. */
  reset(key: string): void {
    this.logs.delete(key);
  }

  /** Forgets every key. */
  resetAll(): void {
    this.logs.clear();
  }

  /** How many keys currently hold state (idle keys are swept periodically, or by `sweep`). */
  get keyCount(): number {
    return this.logs.size;
  }

  /** Drops every key whose window holds no request any more. Runs on its own periodically. */
  sweep(now: number = this.clock()): void {
    this.lastSweep = now;
    for (const [key, log] of this.logs) {
      if (log.size === 0 || now - log.newest() >= log.windowMs) this.logs.delete(key);
    }
  }
}

function toWindowMs(windowSeconds: number): number {
  if (!(windowSeconds > 0) || !Number.isFinite(windowSeconds)) {
    throw new InvalidOptionError(`windowSeconds must be a positive number (got ${windowSeconds})`);
  }
  return windowSeconds * 1000;
}
