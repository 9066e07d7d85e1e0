/**
 * `connectorguard report` over 1 000 000 entries: time and peak memory, against the chain scan
 * alone (what `verify` does) over the same file in the same run. Each run is a process of its
 * own so its peak RSS is its own. Set REPORT_BENCH_ENTRIES to change the size.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { note } from "./harness.js";
import { writeBenchAuditFile } from "./support/write-bench-audit-file.js";

const entryCount = Number(process.env.REPORT_BENCH_ENTRIES ?? 1_000_000);
const child = join(dirname(fileURLToPath(import.meta.url)), "support", "report-child.ts");
const run = promisify(execFile);

interface ChildRun {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly peakHeapMb: number;
  readonly decided: number;
}

async function measureChild(mode: "verify" | "report", path: string): Promise<ChildRun> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", child, mode, path], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").pop() as string) as ChildRun;
}

export default async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "cg-report-bench-"));
  try {
    const path = join(folder, "audit.jsonl");
    await writeBenchAuditFile(path, entryCount);
    const size = (await stat(path)).size;
    // Alternate the two, three rounds, and keep each one's median time and its largest memory.
    const runs: Record<"verify" | "report", ChildRun[]> = { verify: [], report: [] };
    for (let round = 0; round < 3; round++) {
      for (const mode of ["verify", "report"] as const) {
        runs[mode].push(await measureChild(mode, path));
      }
    }
    const summary = (mode: "verify" | "report") => {
      const sorted = [...runs[mode]].sort((left, right) => left.ms - right.ms);
      const median = sorted[1] as ChildRun;
      return {
        ms: median.ms,
        maxRssMb: Math.max(...runs[mode].map((item) => item.maxRssMb)),
        peakHeapMb: Math.max(...runs[mode].map((item) => item.peakHeapMb)),
        decided: median.decided,
      };
    };
    const verify = summary("verify");
    const reportRun = summary("report");
    const lines = [
      `\n### connectorguard report over ${entryCount.toLocaleString("en-US")} entries (${(size / 2 ** 20).toFixed(0)} MiB file)\n`,
      "| case | time (median of 3) | entries/s | peak RSS | peak heap | ratio (time) | vs |",
      "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ];
    for (const [name, result, baseline] of [
      ["chain scan alone (verify)", verify, undefined],
      ["report (scan + aggregate)", reportRun, verify],
    ] as const) {
      lines.push(
        `| ${name} | ${(result.ms / 1000).toFixed(2)} s | ${Math.round((result.decided / result.ms) * 1000).toLocaleString("en-US")} | ${result.maxRssMb.toFixed(0)} MB | ${result.peakHeapMb.toFixed(0)} MB | ${baseline === undefined ? "" : (result.ms / baseline.ms).toFixed(2)} | ${baseline === undefined ? "" : "chain scan alone"} |`,
      );
    }
    console.log(lines.join("\n"));
    note(
      `Both read the file in 1 MiB chunks; the report keeps counts per check, connector, agent and agent/connector pair, a few reasons each, and one window of timestamps per pair, so its memory does not grow with the file (${reportRun.decided.toLocaleString("en-US")} decisions counted).`,
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
