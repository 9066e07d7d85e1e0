/** One decision waiting for Redis: when it gives up, and how (until it is settled). */
export interface DecisionDeadline {
  readonly at: number;
  expire: (() => void) | undefined;
}

/**
 * The timeouts of the Redis store's pending decisions, on one timer. Every decision waits the
 * same `timeoutMs`, so deadlines come in the order decisions start: the queue's head is always
 * the next to expire, and a settled decision costs a flag, not a `clearTimeout`.
 *
 * @example
 * const deadlines = new RedisDecisionDeadlines(250);
 * const deadline = deadlines.start(() => reject(new Error("too slow")));
 * // when Redis answers:
 * if (deadlines.finish(deadline)) resolve(answer);
 */
export class RedisDecisionDeadlines {
  private readonly timeoutMs: number;
  private readonly queue: DecisionDeadline[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  /** Starts the clock for one decision; `expire` runs if it is not finished in time. */
  start(expire: () => void): DecisionDeadline {
    const deadline: DecisionDeadline = { at: performance.now() + this.timeoutMs, expire };
    this.queue.push(deadline);
    if (this.timer === undefined) this.arm();
    return deadline;
  }

  /** Settles a decision; false when it had already expired (its answer must be ignored). */
  finish(deadline: DecisionDeadline): boolean {
    if (deadline.expire === undefined) return false;
    deadline.expire = undefined;
    return true;
  }

  /** Whether the decision is still waiting: neither finished nor expired. */
  pending(deadline: DecisionDeadline): boolean {
    return deadline.expire !== undefined;
  }

  private arm(): void {
    while (this.head < this.queue.length && this.queue[this.head]?.expire === undefined) {
      this.head++;
    }
    if (this.head >= 1_024 || this.head === this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    const next = this.queue[this.head];
    if (next === undefined) return;
    this.timer = setTimeout(() => this.expireDue(), Math.max(0, next.at - performance.now()));
    // A pending decision is held by its Redis command, not by this timer.
    this.timer.unref();
  }

  private expireDue(): void {
    this.timer = undefined;
    const now = performance.now();
    for (let next = this.queue[this.head]; next !== undefined && next.at <= now; ) {
      const expire = next.expire;
      next.expire = undefined;
      expire?.();
      next = this.queue[++this.head];
    }
    this.arm();
  }
}
