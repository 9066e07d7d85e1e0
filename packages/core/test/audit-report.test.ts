import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/commands/run-cli.js";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  AuditReportBuilder,
  type ChainedAuditRecord,
  chainAuditRecord,
  createGuard,
  EMPTY_CHAIN_HEAD,
  formatAuditReportMarkdown,
  InvalidOptionError,
  JsonlAuditSink,
  WindowPeak,
} from "./support/core-internals.js";
import { memoryIo } from "./support/memory-io.js";

const temporaryFolder = useTemporaryFolder();

const connectors = [
  { name: "search", version: "1", rateLimit: 5 },
  { name: "db-write", version: "1", requiredPermissions: ["db:write"], rateLimit: 10 },
  {
    name: "refund",
    version: "1",
    requiredPermissions: ["payments:write"],
    mode: "shadow" as const,
    rateLimit: 2,
  },
];

/** An audit file written by the real guard and JSONL sink: 10 decisions of known outcomes. */
async function writeKnownAuditFile(folder: string): Promise<string> {
  const path = join(folder, "audit.jsonl");
  const guard = createGuard({
    connectors,
    agents: { bot: { permissions: ["payments:write"] } },
    audit: await JsonlAuditSink.open(path),
  });
  for (let index = 0; index < 4; index++) {
    await guard.check({ connectorName: "search", sourceAgent: "bot" });
  }
  await guard.check({ connectorName: "refund", sourceAgent: "intruder" });
  await guard.check({ connectorName: "refund", sourceAgent: "intruder" });
  for (let index = 0; index < 3; index++) {
    await guard.check({ connectorName: "db-write", sourceAgent: "intruder" });
  }
  await guard.check({ connectorName: "shell", sourceAgent: "bot" });
  await guard.close();
  return path;
}

async function writePolicy(folder: string): Promise<string> {
  const path = join(folder, "policy.json");
  await writeFile(path, JSON.stringify({ connectors, rateLimitWindowSeconds: 60 }));
  return path;
}

describe("connectorguard report", () => {
  it("counts decisions, would-denies and headroom from a file the guard wrote", async () => {
    const folder = await temporaryFolder();
    const log = await writeKnownAuditFile(folder);
    const config = await writePolicy(folder);
    const { io, written } = memoryIo();
    const code = await runCli(
      ["report", "--log-file", log, "--config", config, "--output", "json", "--since", "1h"],
      io,
    );
    expect(written.stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(written.stdout);
    expect(report.totals).toEqual({ decided: 10, allowed: 4, denied: 4, wouldDeny: 2 });
    expect(report.byCheck.map((group: { name: string }) => group.name)).toEqual([
      "permission",
      "registry",
    ]);
    expect(report.byCheck[0]).toMatchObject({ decided: 5, denied: 3, wouldDeny: 2 });
    expect(report.byCheck[0].examples).toEqual([
      "agent 'intruder' is missing required permissions: payments:write",
      "agent 'intruder' is missing required permissions: db:write",
    ]);
    expect(report.byAgent[0]).toMatchObject({ name: "intruder", denied: 3, wouldDeny: 2 });
    expect(report.topOffenders[0]).toMatchObject({
      agent: "intruder",
      connector: "db-write",
      denied: 3,
      check: "permission",
    });
    const search = report.rateLimits.find(
      (row: { connector: string }) => row.connector === "search",
    );
    expect(search).toMatchObject({ limit: 5, peak: 4, headroom: 1, peakAgent: "bot" });
    const shell = report.rateLimits.find((row: { connector: string }) => row.connector === "shell");
    expect(shell).toMatchObject({ peak: 0 });
    // Unknown in JSON: no limit and no headroom.
    expect(Object.keys(shell)).not.toContain("limit");
  });

  it("writes Markdown for a pull request and text for a terminal", async () => {
    const folder = await temporaryFolder();
    const log = await writeKnownAuditFile(folder);
    const config = await writePolicy(folder);
    const markdown = memoryIo();
    await runCli(
      ["report", "--log-file", log, "--config", config, "--output", "markdown"],
      markdown.io,
    );
    expect(markdown.written.stdout).toContain("| 10 | 4 | 4 | 2 |");
    expect(markdown.written.stdout).toContain(
      "| `refund` | 2 | 0 | 0 | 2 | agent 'intruder' is missing required permissions: payments:write |",
    );
    expect(markdown.written.stdout).toContain(
      "| `search` | 5 / 60s | 4 (`bot`) | 1 (peak 80%) | 0 |",
    );
    const text = memoryIo();
    await runCli(["report", "--log-file", log], text.io);
    expect(text.written.stdout).toContain(
      "10 decided: 4 allowed, 4 denied, 2 would be denied in enforce mode",
    );
    // Without --config the limits are unknown, and the report says so.
    expect(text.written.stdout).toContain("limit unknown (pass --config)");
  });

  it("reports a broken chain with exit code 1, counting what came before", async () => {
    const folder = await temporaryFolder();
    const log = await writeKnownAuditFile(folder);
    const lines = (await readFile(log, "utf8")).split("\n");
    lines[6] = (lines[6] as string).replace("intruder", "friend");
    await writeFile(log, lines.join("\n"));
    const { io, written } = memoryIo();
    const code = await runCli(["report", "--log-file", log, "--output", "json"], io);
    expect(code).toBe(1);
    expect(JSON.parse(written.stdout).totals.decided).toBe(6);
    expect(written.stderr).toContain(":7: seq 7: hash does not match");
  });

  it("answers a bad window or a missing file with one line and exit 2", async () => {
    const bad = memoryIo();
    expect(await runCli(["report", "--since", "soon"], bad.io)).toBe(2);
    expect(bad.written.stderr).toBe(
      "connectorguard: error: --since must be a number followed by s, m, h or d, like 30m, 2h or 3600s (got 'soon')\n",
    );
    const missing = memoryIo();
    expect(await runCli(["report", "--log-file", "/nonexistent/audit.jsonl"], missing.io)).toBe(2);
    expect(missing.written.stderr).toMatch(/^connectorguard: error: cannot read audit file .*\n$/);
    const output = memoryIo();
    expect(await runCli(["report", "--output", "html"], output.io)).toBe(2);
  });
});

describe("AuditReportBuilder", () => {
  it("skips records before `since` and folds names past the maximum", () => {
    const builder = new AuditReportBuilder({
      since: new Date(Date.UTC(2026, 10, 24, 12, 0, 0, 2)),
      maxNames: 2,
    });
    let head = EMPTY_CHAIN_HEAD;
    for (let index = 0; index < 8; index++) {
      const record: ChainedAuditRecord = chainAuditRecord(sampleEntry(index), head);
      head = record;
      builder.add(record);
    }
    const report = builder.build();
    expect(report.totals.decided).toBe(6);
    expect(report.first).toBe("2026-11-24T12:00:00.002Z");
    expect(report.byAgent.map((group) => group.name).sort()).toEqual([
      "(other)",
      "agent-2",
      "agent-3",
    ]);
    expect(report.foldedNames).toBe(true);
    expect(formatAuditReportMarkdown(report, { name: "a|b" })).toContain("`a\\|b`");
  });

  it("rejects options that make no sense", () => {
    expect(() => new AuditReportBuilder({ windowSeconds: 0 })).toThrow(InvalidOptionError);
    expect(() => new AuditReportBuilder({ since: new Date("nope") })).toThrow(
      "since must be a valid Date",
    );
  });
});

describe("WindowPeak", () => {
  it("finds the busiest window, with late timestamps put in place", () => {
    const peak = new WindowPeak(1_000);
    for (const time of [0, 100, 200, 1_500, 1_600, 1_550, 1_700, 2_600]) peak.add(time);
    expect(peak.peak).toBe(4);
    expect(peak.peakAt).toBe(1_700);
    // A window is half-open: an event exactly one window later starts a new one.
    const edge = new WindowPeak(1_000);
    for (const time of [0, 1_000, 2_000]) edge.add(time);
    expect(edge.peak).toBe(1);
  });

  it("stays small over a long steady stream", () => {
    const peak = new WindowPeak(10);
    for (let time = 0; time < 100_000; time++) peak.add(time);
    expect(peak.peak).toBe(10);
  });
});
