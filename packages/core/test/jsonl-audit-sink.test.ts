import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  AuditLogCorruptError,
  AuditWriteError,
  type ChainedAuditRecord,
  type ChainHead,
  chainAuditRecord,
  createGuard,
  EMPTY_CHAIN_HEAD,
  FileLockedError,
  InvalidOptionError,
  JsonlAuditSink,
  type TornLineReport,
  verifyAuditLog,
} from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();

async function readRecords(path: string): Promise<ChainedAuditRecord[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

async function writeEntries(path: string, count: number, from = 0): Promise<ChainHead> {
  const sink = await JsonlAuditSink.open(path);
  for (let index = from; index < from + count; index++) sink.append(sampleEntry(index));
  await sink.close();
  return sink.head;
}

describe("JsonlAuditSink", () => {
  it("writes one chained record per line, the same records chainAuditRecord makes", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    for (let index = 0; index < 25; index++) sink.append(sampleEntry(index));
    expect(sink.head.seq).toBe(25);
    await sink.flush();
    expect(sink.storedThrough).toEqual(sink.head);
    await sink.close();

    const records = await readRecords(path);
    let head = EMPTY_CHAIN_HEAD;
    records.forEach((record, index) => {
      const expected = chainAuditRecord(sampleEntry(index), head);
      expect(record).toEqual(JSON.parse(JSON.stringify(expected)));
      head = { seq: expected.seq, hash: expected.hash };
    });
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 25, head });
  });

  it("resumes the chain when reopened and keeps every entry across sessions", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    await writeEntries(path, 10);
    const head = await writeEntries(path, 7, 10);
    expect(head.seq).toBe(17);
    const report = await verifyAuditLog(path);
    expect(report).toMatchObject({ ok: true, entries: 17, head });
  });

  it("writes with every durability, and rejects an unknown one", async () => {
    const folder = await temporaryFolder();
    for (const durability of ["batch", "entry", "none"] as const) {
      const path = join(folder, `${durability}.jsonl`);
      const sink = await JsonlAuditSink.open(path, { durability });
      for (let index = 0; index < 5; index++) sink.append(sampleEntry(index));
      await sink.close();
      expect((await verifyAuditLog(path)).entries).toBe(5);
    }
    await expect(
      JsonlAuditSink.open(join(folder, "x.jsonl"), { durability: "sometimes" as never }),
    ).rejects.toThrow(InvalidOptionError);
  });

  it("sets a torn last line aside on open, reports it and loses nothing else", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    await writeEntries(path, 5);
    const torn = '{"connectionAttempt":{"connectorName":"openai-ch';
    await writeFile(path, torn, { flag: "a" });
    const reports: TornLineReport[] = [];
    const sink = await JsonlAuditSink.open(path, { onTornLine: (report) => reports.push(report) });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ file: path, line: 6, byteLength: torn.length });
    expect(sink.recoveredTornLine).toEqual(reports[0]);
    expect(await readFile(reports[0]?.sideFile as string, "utf8")).toBe(torn);
    expect(sink.head.seq).toBe(5);
    sink.append(sampleEntry(5));
    await sink.close();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 6 });
  });

  it("finds the torn line from the tail alone when verifyOnOpen is false", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    await writeEntries(path, 4);
    await writeFile(path, '{"seq":5,"prev', { flag: "a" });
    const reports: TornLineReport[] = [];
    const sink = await JsonlAuditSink.open(path, {
      verifyOnOpen: false,
      onTornLine: (report) => reports.push(report),
    });
    expect(reports[0]).toMatchObject({ line: 5 });
    expect(sink.head.seq).toBe(4);
    sink.append(sampleEntry(4));
    await sink.close();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 5 });
  });

  it("finishes a complete last record whose newline was lost", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    await writeEntries(path, 3);
    const text = await readFile(path, "utf8");
    await writeFile(path, text.slice(0, -1));
    for (const verifyOnOpen of [true, false]) {
      const sink = await JsonlAuditSink.open(path, { verifyOnOpen });
      expect(sink.head.seq).toBe(3);
      expect(sink.recoveredTornLine).toBeUndefined();
      await sink.close();
    }
    expect(await readFile(path, "utf8")).toBe(text);
  });

  it("refuses a damaged log with the file, line and reason, and leaves it untouched", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    await writeEntries(path, 6);
    const lines = (await readFile(path, "utf8")).split("\n");
    lines[2] = (lines[2] as string).replace('"allowed":true', '"allowed":false');
    const damaged = lines.join("\n");
    await writeFile(path, damaged);
    for (const verifyOnOpen of [true, false]) {
      const error = await JsonlAuditSink.open(path, { verifyOnOpen }).catch((caught) => caught);
      expect(AuditLogCorruptError.isInstance(error)).toBe(verifyOnOpen);
      if (!verifyOnOpen) {
        // The tail is healthy, so a tail-only open resumes; verify still finds the edit.
        await error.close();
        continue;
      }
      expect(error).toMatchObject({ file: path, line: 3, seq: 3 });
      expect(error.message).toBe(
        `${path}:3: seq 3: hash does not match the record's content (the record was edited)`,
      );
    }
    expect(await readFile(path, "utf8")).toBe(damaged);
    expect((await verifyAuditLog(path)).firstBreak).toMatchObject({ line: 3, seq: 3 });
  });

  it("treats an unparsable line in the middle as damage, not as a torn line", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    await writeEntries(path, 3);
    const lines = (await readFile(path, "utf8")).split("\n");
    lines[1] = (lines[1] as string).slice(0, 40);
    await writeFile(path, lines.join("\n"));
    await expect(JsonlAuditSink.open(path)).rejects.toMatchObject({
      code: "CG_AUDIT_LOG_CORRUPT",
      line: 2,
      reason: expect.stringContaining("line is not valid JSON"),
    });
  });

  it("allows one writer per file, and takes over a lock left by a dead process", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const first = await JsonlAuditSink.open(path);
    const error = await JsonlAuditSink.open(path).catch((caught) => caught);
    expect(FileLockedError.isInstance(error)).toBe(true);
    expect(error.message).toContain("this process (the file is already open here)");
    await first.close();

    // A lock naming this pid but a token this process never issued was left by a dead process
    // that had the same pid (as happens in containers).
    await writeFile(
      `${path}.lock`,
      JSON.stringify({
        pid: process.pid,
        hostname: (await import("node:os")).hostname(),
        token: "old",
        acquiredAt: "2020-01-01T00:00:00Z",
      }),
    );
    const second = await JsonlAuditSink.open(path);
    second.append(sampleEntry(0));
    await second.close();
    expect(await readdir(join(path, ".."))).toEqual(["audit.jsonl"]);
  });

  it("refuses entries after close, loudly", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    await sink.close();
    await sink.close();
    expect(() => sink.append(sampleEntry(1))).toThrow(AuditWriteError);
    expect(() => sink.append(sampleEntry(1))).toThrow(/audit sink is closed/);
  });

  it("records what the guard decided and how the call it ran went", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const guard = createGuard({
      connectors: [{ name: "calculator", version: "1.0.0", requiredPermissions: ["math"] }],
      agents: { "agent-1": { permissions: ["math"] } },
      audit: await JsonlAuditSink.open(path),
    });
    await guard.execute({ connectorName: "calculator", sourceAgent: "agent-1" }, () => 7);
    await expect(
      guard.execute({ connectorName: "calculator", sourceAgent: "agent-1" }, () => {
        throw new TypeError("boom");
      }),
    ).rejects.toThrow("boom");
    await guard.check({ connectorName: "calculator", sourceAgent: "intruder" });
    await guard.close();
    const records = await readRecords(path);
    expect(records.map((record) => record.outcome?.status ?? record.result.check)).toEqual([
      "ok",
      "error",
      "permission",
    ]);
    expect(records[1]?.outcome?.error).toBe("TypeError: boom");
    expect(records[0]?.outcome?.durationMs).toBeGreaterThanOrEqual(0);
  });
});
