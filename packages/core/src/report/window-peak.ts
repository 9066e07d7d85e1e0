/**
 * The most events seen in any sliding window of `windowMs`, fed one timestamp at a time. Keeps
 * only the timestamps inside the current window, so memory follows the busiest window, not
 * the length of the log. Timestamps should come in order; a slightly late one (an entry
 * recorded after a later decision finished) is put in its place.
 *
 * @example
 * const peak = new WindowPeak(60_000);
 * for (const time of [0, 10_000, 59_000, 61_000]) peak.add(time);
 * peak.peak; // 3
 */
export class WindowPeak {
  /** The highest count seen in one window. */
  peak = 0;
  /** When that window ended (the timestamp that reached the peak). */
  peakAt: number | undefined;
  private readonly windowMs: number;
  private times: number[] = [];
  private start = 0;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  add(time: number): void {
    const times = this.times;
    let position = times.length;
    while (position > this.start && (times[position - 1] as number) > time) position--;
    if (position === times.length) times.push(time);
    else times.splice(position, 0, time);
    const newest = times[times.length - 1] as number;
    while (this.start < times.length && (times[this.start] as number) <= newest - this.windowMs) {
      this.start++;
    }
    // Drop the expired prefix now and then rather than shifting on every event.
    if (this.start > 1_024 && this.start * 2 > times.length) {
      this.times = times.slice(this.start);
      this.start = 0;
    }
    const count = this.times.length - this.start;
    if (count > this.peak) {
      this.peak = count;
      this.peakAt = newest;
    }
  }
}
