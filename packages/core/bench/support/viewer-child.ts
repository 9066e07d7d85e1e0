/**
 * One measured run for `audit-viewer.bench.ts`, in a process of its own: indexes the file as
 * `connectorguard ui` does (verifying the chain), then times the page's requests on the index.
 * Prints the numbers as JSON.
 */
import { AuditFileSource } from "../../src/ui/audit-file-source.js";
import { AuditIndex, type AuditIndexFilter } from "../../src/ui/audit-index.js";

const [path] = process.argv.slice(2) as [string];
// The columns are typed arrays, outside the JavaScript heap: count both.
const held = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
globalThis.gc?.();
const heapBefore = held();
const index = new AuditIndex();
const source = new AuditFileSource(path);
const startedAt = performance.now();
await source.refresh(index);
const indexMs = performance.now() - startedAt;
globalThis.gc?.();
const heapMb = (held() - heapBefore) / 2 ** 20;

function time(operation: () => unknown, rounds = 7): number {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const began = performance.now();
    operation();
    times.push(performance.now() - began);
  }
  return times.sort((left, right) => left - right)[Math.floor(rounds / 2)] as number;
}

const filtered: AuditIndexFilter = { agent: "agent-7", outcome: "would-deny" };
const readStartedAt = performance.now();
for (let seq = 1; seq <= index.size; seq += Math.floor(index.size / 50))
  await source.record(index, seq);
const recordMs = (performance.now() - readStartedAt) / 50;
console.log(
  JSON.stringify({
    entries: index.size,
    indexMs,
    heapMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    summaryMs: time(() => index.summary()),
    filteredSummaryMs: time(() => index.summary(filtered)),
    pageMs: time(() => index.page({}, undefined, 50)),
    filteredPageMs: time(() => index.page(filtered, undefined, 50)),
    recordMs,
  }),
);
