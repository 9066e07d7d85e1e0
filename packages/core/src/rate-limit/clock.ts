/** A monotonic clock in milliseconds. Only differences between readings matter. */
export type Clock = () => number;

/** The process's monotonic clock (`performance.now()`), immune to wall-clock jumps. */
export const monotonicClock: Clock = () => performance.now();

/**
 * A clock that moves only when told to, for tests and simulations.
 *
 * @example
 * const clock = new ManualClock();
 * const limiter = new SlidingWindowRateLimiter({ clock: clock.now });
 * clock.advance(61_000); // a minute later
 */
export class ManualClock {
  private current: number;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  /** The current reading; a bound function, safe to pass as a `Clock`. */
  readonly now: Clock = () => this.current;

  /** Moves the clock forward by `ms` milliseconds (never backwards: it is monotonic). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`a monotonic clock cannot move by ${ms} ms`);
    this.current += ms;
  }
}
