/**
 * Times two async operations against each other by alternating them call by call (and which
 * goes first), so that drift on a shared, noisy machine hits both alike. Each call is timed
 * on its own: worth it only for operations of tens of microseconds or more.
 */
import type { Measurement } from "../../core/bench/harness.js";

export interface InterleavedOptions {
  readonly warmupMs?: number;
  readonly sampleMs?: number;
}

/**
 * Returns the two measurements (median per call), in the order given.
 *
 * @example
 * const [bare, guarded] = await measureInterleaved(["bare", runBare], ["guarded", runGuarded]);
 */
export async function measureInterleaved(
  first: readonly [string, () => Promise<unknown>],
  second: readonly [string, () => Promise<unknown>],
  options: InterleavedOptions = {},
): Promise<[Measurement, Measurement]> {
  const durations: [number[], number[]] = [[], []];
  const operations = [first[1], second[1]] as const;
  const timeOne = async (which: 0 | 1) => {
    const startedAt = performance.now();
    await operations[which]();
    durations[which].push((performance.now() - startedAt) * 1e6);
  };
  const warmupEnd = performance.now() + (options.warmupMs ?? 500);
  while (performance.now() < warmupEnd) {
    await timeOne(0);
    await timeOne(1);
  }
  durations[0].length = 0;
  durations[1].length = 0;
  const sampleEnd = performance.now() + (options.sampleMs ?? 3_000);
  for (let round = 0; performance.now() < sampleEnd; round++) {
    const lead = (round % 2) as 0 | 1;
    await timeOne(lead);
    await timeOne(lead === 0 ? 1 : 0);
  }
  return [summarize(first[0], durations[0]), summarize(second[0], durations[1])];
}

function summarize(name: string, nanoseconds: number[]): Measurement {
  const sorted = [...nanoseconds].sort((left, right) => left - right);
  const medianNs = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return { name, medianNs, opsPerSecond: 1e9 / medianNs, samples: sorted.length };
}
