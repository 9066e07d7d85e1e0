import * as crypto from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuditEntry, JsonlAuditSink, verifyAuditLog } from "../src/index.js";
import { type Measurement, note, report } from "./harness.js";

const entryCount = 50_000;

function entry(index: number, timestamp: Date): AuditEntry {
  const denied = index % 5 === 0;
  return {
    connectionAttempt: {
      connectorName: index % 3 === 0 ? "refund-payment" : "openai-chat",
      sourceAgent: `agent-${index % 8}`,
      inputData: { prompt: `Summarize document ${index}.`, model: "gpt-x", temperature: 0.2 },
      timestamp,
    },
    result: denied
      ? {
          allowed: false,
          check: "permission",
          reason: `agent 'agent-${index % 8}' is missing required permissions: llm:call`,
          latencyMs: 0.0021,
        }
      : { allowed: true, reason: "all checks passed", latencyMs: 0.0013 },
    timestamp,
    ...(denied ? {} : { outcome: { status: "ok" as const, durationMs: 12.5 } }),
  };
}

// `crypto.hash` (Node >= 20.12) is the fastest way to hash one short input.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Uint8Array) => string }).hash;
const sha256 =
  typeof oneShotHash === "function"
    ? (data: Uint8Array) => oneShotHash("sha256", data)
    : (data: Uint8Array) => crypto.createHash("sha256").update(data).digest("hex");

/** CPU time of this process, in ms: on a shared machine, less disturbed than the clock. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Runs both workloads in turn, round after round, and keeps each one's median round, timed in
 * CPU time (user + system, so reading the file counts).
 */
async function alternating(
  workloads: readonly { name: string; run: () => Promise<void> | void }[],
  rounds = 7,
): Promise<Measurement[]> {
  const times = workloads.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [index, workload] of workloads.entries()) {
      const startedAt = cpuMs();
      await workload.run();
      if (round >= 0) times[index]?.push(((cpuMs() - startedAt) * 1e6) / entryCount);
    }
  }
  return workloads.map((workload, index) => {
    const sorted = [...(times[index] ?? [])].sort((left, right) => left - right);
    const medianNs = sorted[Math.floor(sorted.length / 2)] as number;
    return { name: workload.name, medianNs, opsPerSecond: 1e9 / medianNs, samples: rounds };
  });
}

/**
 * Entries per second `verifyAuditLog` checks (read the file, check each line is the writer's
 * canonical bytes, the chain, the hash, the shape) against SHA-256 alone over the same lines,
 * already in memory: what no verifier can beat, since it must hash every line.
 */
export default async function auditVerifyBenchmarks(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "connectorguard-bench-"));
  try {
    const path = join(folder, "audit.jsonl");
    const sink = await JsonlAuditSink.open(path, { durability: "none" });
    const timestamp = new Date();
    for (let index = 0; index < entryCount; index++) sink.append(entry(index, timestamp));
    await sink.close();
    const bytes = await readFile(path);
    const lines: Buffer[] = [];
    for (let start = 0; start < bytes.length; ) {
      const end = bytes.indexOf(0x0a, start);
      lines.push(bytes.subarray(start, end));
      start = end + 1;
    }
    let digests = 0;
    const [hashOnly, verify] = await alternating([
      {
        name: `SHA-256 of each line, in memory (${entryCount} lines)`,
        run: () => {
          for (const line of lines) digests += sha256(line).length;
        },
      },
      {
        name: "verifyAuditLog over the file",
        run: async () => {
          const verification = await verifyAuditLog(path);
          if (!verification.ok || verification.entries !== entryCount) {
            throw new Error("the benchmark's log did not verify");
          }
        },
      },
    ]);
    if (digests === 0) throw new Error("nothing hashed");
    const measured = [hashOnly, verify] as [Measurement, Measurement];
    report("Audit file: entries verified per second", [
      { measurement: measured[0] },
      { measurement: measured[1], baseline: measured[0], ratioOf: "rate", target: ">= 0.5 (rate)" },
    ]);
    const averageBytes = Math.round(bytes.length / entryCount);
    note(
      `verifyAuditLog: ${(measured[1].opsPerSecond / measured[0].opsPerSecond).toFixed(2)}x the rate of SHA-256 alone over the same ${entryCount} lines (${averageBytes} bytes each on average)`,
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
