/**
 * One measured run for `audit-report.bench.ts`, in a process of its own so its peak memory is
 * its own: `verify` (the chain scan alone, the baseline) or `report` over the given file.
 * Prints `{ ms, maxRssMb, peakHeapMb, decided }` as JSON.
 */
import { AuditReportBuilder, scanAuditFile } from "../../test/support/core-internals.js";

const [mode, path] = process.argv.slice(2) as ["verify" | "report", string];
let peakHeap = process.memoryUsage().heapUsed;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 20);
const startedAt = performance.now();
let decided = 0;
if (mode === "verify") {
  const scan = await scanAuditFile(path);
  decided = scan.entries;
} else {
  const builder = new AuditReportBuilder({
    rateLimits: new Map([
      ["openai-chat", 60],
      ["db-write", 30],
    ]),
  });
  await scanAuditFile(path, {
    onRecord: (record) => {
      builder.add(record);
      if ((record.seq & 0xfff) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    },
  });
  decided = builder.build().totals.decided;
}
const ms = performance.now() - startedAt;
clearInterval(sampler);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, maxRssMb, peakHeapMb: peakHeap / 2 ** 20, decided }));
