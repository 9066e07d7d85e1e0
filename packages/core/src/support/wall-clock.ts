// The offset between the wall clock and the monotonic clock, re-read every second so a step
// of the wall clock (NTP, a manual change) shows in audit timestamps within a second.
const calibrationIntervalMs = 1_000;
let offsetMs = 0;
let calibratedAt = Number.NEGATIVE_INFINITY;

/**
 * The wall-clock `Date` of a monotonic reading (`performance.now()`), so one clock read can
 * serve both a duration and an audit timestamp. Accurate to the last calibration (at most a
 * second old).
 *
 * @example
 * const startedAt = performance.now();
 * const attemptedAt = wallClockDate(startedAt); // ≈ new Date(), without a second clock read
 */
export function wallClockDate(monotonicMs: number): Date {
  if (monotonicMs - calibratedAt >= calibrationIntervalMs || monotonicMs < calibratedAt) {
    const monotonicNow = performance.now();
    offsetMs = Date.now() - monotonicNow;
    calibratedAt = monotonicNow;
  }
  return new Date(offsetMs + monotonicMs);
}
