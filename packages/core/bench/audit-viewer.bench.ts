/**
 * `connectorguard ui` over 1 000 000 entries: how long indexing takes (the chain verified on
 * the way) and what the index holds, then what each request of the page costs on it. The
 * index is built in a process of its own so its memory is its own. Set VIEWER_BENCH_ENTRIES
 * to change the size.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { note } from "./harness.js";
import { writeBenchAuditFile } from "./support/write-bench-audit-file.js";

const entryCount = Number(process.env.VIEWER_BENCH_ENTRIES ?? 1_000_000);
const child = join(dirname(fileURLToPath(import.meta.url)), "support", "viewer-child.ts");
const run = promisify(execFile);

export default async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "cg-viewer-bench-"));
  try {
    const path = join(folder, "audit.jsonl");
    await writeBenchAuditFile(path, entryCount);
    const { stdout } = await run(
      process.execPath,
      ["--expose-gc", "--import", "tsx", child, path],
      { maxBuffer: 1 << 20 },
    );
    const result = JSON.parse(stdout.trim().split("\n").pop() as string);
    const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
    console.log(
      [
        `\n### connectorguard ui over ${result.entries.toLocaleString("en-US")} entries\n`,
        "| step | time | note |",
        "| --- | ---: | --- |",
        `| index the file (verify + index) | ${(result.indexMs / 1000).toFixed(2)} s | index holds ${result.heapMb.toFixed(0)} MB (heap + typed arrays), process peak RSS ${result.maxRssMb.toFixed(0)} MB |`,
        `| summary, no filter (counts, chart, checks, matrix) | ${ms(result.summaryMs)} | one pass over the columns |`,
        `| summary, agent + outcome filter | ${ms(result.filteredSummaryMs)} | |`,
        `| page of 50 entries, newest | ${ms(result.pageMs)} | |`,
        `| page of 50 entries, agent + outcome filter | ${ms(result.filteredPageMs)} | scans back until 50 match |`,
        `| one entry's full record (read from the file) | ${ms(result.recordMs)} | one positioned read |`,
      ].join("\n"),
    );
    note(
      "The page asks for one summary and one page of entries per change, then polls a version number; it never loads the trail.",
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
