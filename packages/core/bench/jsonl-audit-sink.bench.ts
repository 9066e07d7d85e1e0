import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { type AuditEntry, JsonlAuditSink } from "../src/index.js";
import { type Measurement, note, report } from "./harness.js";

const entryCount = 20_000;

function entries(): AuditEntry[] {
  const timestamp = new Date();
  return Array.from({ length: entryCount }, (_, index) => ({
    connectionAttempt: {
      connectorName: "openai-chat",
      sourceAgent: `agent-${index % 8}`,
      inputData: { prompt: `Summarize document ${index}.`, model: "gpt-x", temperature: 0.2 },
      timestamp,
    },
    result:
      index % 5 === 0
        ? {
            allowed: false,
            check: "permission" as const,
            reason: `agent 'agent-${index % 8}' is missing required permissions: llm:call`,
            latencyMs: 0.0021,
          }
        : { allowed: true, reason: "all checks passed", latencyMs: 0.0013 },
    timestamp,
    ...(index % 5 === 0 ? {} : { outcome: { status: "ok" as const, durationMs: 12.5 } }),
  }));
}

/** fsync through a fresh descriptor: on Linux it flushes every write made to the file. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Runs the workloads in turn, round after round, so that a machine whose load changes during
 * the run slows each of them alike; keeps each one's median round.
 */
async function alternating(
  workloads: readonly { name: string; run: () => Promise<void> }[],
  operations: number,
  rounds = 7,
): Promise<Measurement[]> {
  const times = workloads.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [index, workload] of workloads.entries()) {
      const startedAt = performance.now();
      await workload.run();
      // Round -1 warms up.
      if (round >= 0) times[index]?.push(((performance.now() - startedAt) * 1e6) / operations);
    }
  }
  return workloads.map((workload, index) => {
    const sorted = [...(times[index] ?? [])].sort((left, right) => left - right);
    const medianNs = sorted[Math.floor(sorted.length / 2)] as number;
    return { name: workload.name, medianNs, opsPerSecond: 1e9 / medianNs, samples: rounds };
  });
}

/**
 * Entries per second written to a file by `JsonlAuditSink` (hash chain included) against pino
 * writing the same entries, both batched with one fsync at the end. Each round writes a fresh
 * file.
 */
export default async function jsonlAuditSinkBenchmarks(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "connectorguard-bench-"));
  const batch = entries();
  let round = 0;
  const nextPath = () => join(folder, `round-${round++}.log`);
  try {
    const [viaPino, viaSink, perBatch] = (await alternating(
      [
        {
          name: `pino to a file (${entryCount} entries)`,
          run: async () => {
            const path = nextPath();
            const destination = pino.destination({ dest: path, sync: false, minLength: 4096 });
            const logger = pino(destination);
            for (const entry of batch) logger.info(entry);
            await new Promise<void>((resolve, reject) =>
              destination.flush((error) => (error ? reject(error) : resolve())),
            );
            await syncFile(path);
            destination.end();
          },
        },
        {
          name: `JsonlAuditSink, hash-chained (${entryCount} entries)`,
          run: async () => {
            const path = nextPath();
            const sink = await JsonlAuditSink.open(path, { durability: "none" });
            for (const entry of batch) sink.append(entry);
            await sink.close();
            await syncFile(path);
          },
        },
        {
          name: "JsonlAuditSink, fsync per group commit of 100",
          run: async () => {
            const sink = await JsonlAuditSink.open(nextPath(), { durability: "batch" });
            for (let index = 0; index < batch.length; index++) {
              sink.append(batch[index] as AuditEntry);
              if (index % 100 === 99) await sink.flush();
            }
            await sink.close();
          },
        },
      ],
      entryCount,
    )) as [Measurement, Measurement, Measurement];
    report("Audit file: entries appended per second", [
      { measurement: viaPino },
      { measurement: viaSink, baseline: viaPino, ratioOf: "rate", target: ">= 1.0 (rate)" },
      { measurement: perBatch, baseline: viaSink, ratioOf: "rate" },
    ]);
    note(
      `JsonlAuditSink vs pino: ${(viaSink.opsPerSecond / viaPino.opsPerSecond).toFixed(2)}x the entries per second (both batched, one fsync at the end; the sink also hashes and chains every entry)`,
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
