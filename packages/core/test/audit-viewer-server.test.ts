import { readFile, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuditFileSource } from "../src/ui/audit-file-source.js";
import { AuditIndex } from "../src/ui/audit-index.js";
import { type AuditViewer, startAuditViewer } from "../src/ui/audit-viewer-server.js";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  type ChainedAuditRecord,
  chainAuditRecord,
  EMPTY_CHAIN_HEAD,
} from "./support/core-internals.js";
import { appendEntries, viewerEntries } from "./support/viewer-audit-file.js";

const temporaryFolder = useTemporaryFolder();
const assets = { script: "/* page */", style: "/* style */" };

function records(count: number): ChainedAuditRecord[] {
  let head = EMPTY_CHAIN_HEAD;
  return Array.from({ length: count }, (_, index) => {
    const record = chainAuditRecord(sampleEntry(index), head);
    head = record;
    return record;
  });
}

describe("AuditIndex", () => {
  it("counts, filters and pages newest first", () => {
    const index = new AuditIndex();
    const all = records(30);
    for (const record of all) index.add(record, { offset: record.seq * 10, length: 9 });
    const denied = all.filter((record) => !record.result.allowed);
    const summary = index.summary({ outcome: "denied" });
    expect(summary).toMatchObject({ total: 30, matched: denied.length, denied: denied.length });
    expect(summary.byCheck).toEqual([{ name: "permission", denied: denied.length, wouldDeny: 0 }]);
    const series = summary.series;
    expect(series.denied.reduce((sum, value) => sum + value, 0)).toBe(denied.length);
    expect(series.times.length).toBe(series.allowed.length);

    const first = index.page({ agent: "agent-1" }, undefined, 3);
    expect(first.entries.map((entry) => entry.seq)).toEqual([30, 26, 22]);
    const second = index.page({ agent: "agent-1" }, first.nextBefore, 3);
    expect(second.entries.map((entry) => entry.seq)).toEqual([18, 14, 10]);
    const last = index.page({ agent: "agent-1" }, 10, 3);
    expect(last.entries.map((entry) => entry.seq)).toEqual([6, 2]);
    expect(last.nextBefore).toBeUndefined();
    expect(index.page({ agent: "nobody" }, undefined, 3).entries).toEqual([]);
    expect(index.locate(7)).toEqual({ offset: 70, length: 9 });
    expect(index.locate(31)).toBeUndefined();

    const from = Date.parse(all[10]?.timestamp as string);
    expect(index.summary({ from, to: from + 5 }).matched).toBe(5);
    expect(index.facets()).toEqual({
      agents: ["agent-0", "agent-1", "agent-2", "agent-3"],
      connectors: ["db-write", "openai-chat"],
      checks: ["permission"],
    });
    const matrix = index.summary().matrix;
    expect(matrix.cells.flat().reduce((sum, cell) => sum + cell[0], 0)).toBe(30);
  });
});

describe("the viewer's server", () => {
  let viewer: AuditViewer | undefined;
  afterEach(async () => {
    await viewer?.close();
    viewer = undefined;
  });

  function get(url: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
      request(url, { headers }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            type: String(response.headers["content-type"]),
          }),
        );
      })
        .on("error", reject)
        .end();
    });
  }

  it("serves the page, aggregates, pages and entries, and refuses foreign hosts", async () => {
    const folder = await temporaryFolder();
    const log = join(folder, "audit.jsonl");
    const fixture = viewerEntries(120);
    await appendEntries(log, fixture.entries);
    viewer = await startAuditViewer({
      source: new AuditFileSource(log),
      port: 0,
      assets,
      pollMs: 50,
    });
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(viewer.url);
    expect(page.type).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('<script src="/assets/viewer.js"></script>');
    expect((await get(`${viewer.url}assets/viewer.js`)).body).toBe(assets.script);

    const summary = JSON.parse((await get(`${viewer.url}api/summary?outcome=would-deny`)).body);
    expect(summary.matched).toBe(fixture.wouldDeny);
    expect(summary.chain).toMatchObject({ verified: 120, coverage: "as read" });
    const entries = JSON.parse((await get(`${viewer.url}api/entries?limit=2`)).body);
    expect(entries.entries.map((entry: { seq: number }) => entry.seq)).toEqual([120, 119]);
    expect(entries.nextBefore).toBe(119);
    const entry = JSON.parse((await get(`${viewer.url}api/entries/17`)).body);
    const line = (await readFile(log, "utf8")).split("\n")[16] as string;
    expect(entry.record).toEqual(JSON.parse(line));

    expect((await get(`${viewer.url}api/entries/999`)).status).toBe(404);
    const bad = await get(`${viewer.url}api/summary?outcome=maybe`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toBe("outcome must be one of allowed, denied, would-deny");
    const foreign = await get(viewer.url, { host: "attacker.example" });
    expect(foreign.status).toBe(403);
  });

  it("follows appends, and reads a rewritten file again from the start", async () => {
    const folder = await temporaryFolder();
    const log = join(folder, "audit.jsonl");
    await appendEntries(log, viewerEntries(10).entries);
    viewer = await startAuditViewer({
      source: new AuditFileSource(log),
      port: 0,
      assets,
      pollMs: 20,
    });
    const state = async () => JSON.parse((await get(`${viewer?.url}api/state`)).body);
    const before = await state();
    await appendEntries(log, viewerEntries(3).entries);
    await expect.poll(async () => (await state()).total).toBe(13);
    expect((await state()).version).toBeGreaterThan(before.version);
    // A file cut short and written anew: indexed again from the first line.
    await writeFile(log, "");
    await appendEntries(log, viewerEntries(4).entries);
    await expect.poll(async () => (await state()).total).toBe(4);
    expect((await state()).chain.head.seq).toBe(4);
  });
});
