/**
 * A small benchmark harness for ratios measured in one run: each case is timed in batches
 * (so timer cost does not swamp sub-microsecond operations), the median batch gives the time
 * per operation, and `report` prints a Markdown table with each case's ratio to its baseline.
 * Used by every package's `bench` script.
 */
import { isPromiseLike } from "../src/support/is-promise-like.js";

export interface Measurement {
  readonly name: string;
  /** Median time per operation, in nanoseconds. */
  readonly medianNs: number;
  /** Operations per second at the median. */
  readonly opsPerSecond: number;
  readonly samples: number;
}

export interface MeasureOptions {
  /** Time spent warming up before sampling (default 300 ms). */
  readonly warmupMs?: number;
  /** Time spent sampling (default 1 500 ms). */
  readonly sampleMs?: number;
  /** Target duration of one batch (default 2 ms). */
  readonly batchMs?: number;
}

/** Times `operation` (sync or async; async ones are awaited one after another). */
export async function measure(
  name: string,
  operation: () => unknown,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const warmupMs = options.warmupMs ?? 300;
  const sampleMs = options.sampleMs ?? 1_500;
  const batchMs = options.batchMs ?? 2;
  const isAsync = isPromiseLike(operation());
  const runBatch = isAsync
    ? async (size: number) => {
        for (let index = 0; index < size; index++) await operation();
      }
    : (size: number) => {
        for (let index = 0; index < size; index++) operation();
      };

  let batchSize = 1;
  const warmupEnd = performance.now() + warmupMs;
  while (performance.now() < warmupEnd) {
    const startedAt = performance.now();
    await runBatch(batchSize);
    if (performance.now() - startedAt < batchMs) batchSize *= 2;
  }

  const perOperation: number[] = [];
  const sampleEnd = performance.now() + sampleMs;
  while (performance.now() < sampleEnd || perOperation.length < 10) {
    const startedAt = performance.now();
    await runBatch(batchSize);
    perOperation.push(((performance.now() - startedAt) * 1e6) / batchSize);
  }
  const medianNs = median(perOperation);
  return { name, medianNs, opsPerSecond: 1e9 / medianNs, samples: perOperation.length };
}

/**
 * Times a whole workload of `operations` operations (for throughput under concurrency, where a
 * per-operation median means nothing): runs it `rounds` times and keeps the median round.
 */
export async function throughput(
  name: string,
  operations: number,
  workload: () => Promise<void>,
  rounds = 5,
): Promise<Measurement> {
  await workload();
  const perOperation: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const startedAt = performance.now();
    await workload();
    perOperation.push(((performance.now() - startedAt) * 1e6) / operations);
  }
  const medianNs = median(perOperation);
  return { name, medianNs, opsPerSecond: 1e9 / medianNs, samples: rounds };
}

export interface ReportRow {
  readonly measurement: Measurement;
  /** The baseline this row is compared with (same run). */
  readonly baseline?: Measurement;
  /** `"time"`: ratio = this / baseline (lower is better); `"rate"`: this / baseline in ops/s. */
  readonly ratioOf?: "time" | "rate";
  /** The target, as text, e.g. `"<= 1.05"`. */
  readonly target?: string;
}

/** Prints a Markdown table: median per op, ops/s, and the ratio to the row's baseline. */
export function report(title: string, rows: readonly ReportRow[]): void {
  const lines = [
    `\n### ${title}\n`,
    "| case | median / op | ops/s | ratio | vs | target |",
    "| --- | ---: | ---: | ---: | --- | --- |",
  ];
  for (const row of rows) {
    const { measurement, baseline } = row;
    let ratio = "";
    if (baseline !== undefined) {
      const value =
        row.ratioOf === "rate"
          ? measurement.opsPerSecond / baseline.opsPerSecond
          : measurement.medianNs / baseline.medianNs;
      ratio = `${value.toFixed(2)}${row.ratioOf === "rate" ? " (rate)" : ""}`;
    }
    lines.push(
      `| ${measurement.name} | ${formatDuration(measurement.medianNs)} | ${formatCount(measurement.opsPerSecond)} | ${ratio} | ${baseline?.name ?? ""} | ${row.target ?? ""} |`,
    );
  }
  console.log(lines.join("\n"));
}

/** Prints one free-form line under the current table (a difference, a note). */
export function note(text: string): void {
  console.log(`\n${text}`);
}

export function formatDuration(nanoseconds: number): string {
  if (nanoseconds < 1_000) return `${nanoseconds.toFixed(0)} ns`;
  if (nanoseconds < 1_000_000) return `${(nanoseconds / 1_000).toFixed(2)} µs`;
  return `${(nanoseconds / 1_000_000).toFixed(2)} ms`;
}

function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
