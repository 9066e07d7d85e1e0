import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/commands/run-cli.js";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  AuditLogCorruptError,
  formatChainCheckpoint,
  JsonlAuditSink,
  verifyAuditLog,
} from "./support/core-internals.js";
import { memoryIo } from "./support/memory-io.js";

const temporaryFolder = useTemporaryFolder();

/**
 * Edits that keep `JSON.parse` (last value wins) giving the same record, so the record's hash
 * still matches, while a reader that keeps the first value — or `grep` — reads another
 * decision. Each takes the line of a denied record (seq 1: `sampleEntry(0)` is denied).
 */
const forgeries: readonly (readonly [string, (line: string) => string])[] = [
  [
    "allowed:true before allowed:false",
    (line) => line.replace('"result":{', '"result":{"allowed":true,'),
  ],
  [
    "escaped key allow\\u0065d",
    (line) => line.replace('"result":{', '"result":{"allow\\u0065d":true,'),
  ],
  ["spaced duplicate", (line) => line.replace('"result":{', '"result":{"allowed" : true, ')],
  [
    "a whole allowed result first",
    (line) =>
      line.replace(
        '"result":{',
        '"result":{"allowed":true,"reason":"all checks passed"},"result":{',
      ),
  ],
  [
    "another reason first",
    (line) => line.replace('"reason":', '"reason":"all checks passed","reason":'),
  ],
  ["another check first", (line) => line.replace('"check":', '"check":"none","check":')],
  [
    "another agent first",
    (line) => line.replace('"sourceAgent":', '"sourceAgent":"admin","sourceAgent":'),
  ],
  [
    "another connector first",
    (line) => line.replace('"connectorName":', '"connectorName":"read-only","connectorName":'),
  ],
  [
    "another prompt first",
    (line) => line.replace('"prompt":', '"prompt":"refund 1000000","prompt":'),
  ],
  [
    "another timestamp first",
    (line) =>
      line.replace(
        /,"timestamp":"([^"]+)"}$/,
        ',"timestamp":"2020-01-01T00:00:00.000Z","timestamp":"$1"}',
      ),
  ],
];

/** Lines that say the same as the writer's but are not its bytes. */
const rewrites: readonly (readonly [string, (line: string) => string])[] = [
  [
    "keys reordered",
    (line) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(line)).reverse())),
  ],
  ["pretty-printed", (line) => JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, "")],
  ["a space after a colon", (line) => line.replace('"seq":', '"seq": ')],
  ["a trailing space", (line) => `${line} `],
  ["a carriage return", (line) => `${line}\r`],
  ["an escaped letter", (line) => line.replace('"openai-chat"', '"\\u006fpenai-chat"')],
  ["a number as 2e-2", (line) => line.replace('"latencyMs":0.02', '"latencyMs":2e-2')],
  ["a number as 1.0", (line) => line.replace('"seq":1,', '"seq":1.0,')],
  ["a number as 1e0", (line) => line.replace('"seq":1,', '"seq":1e0,')],
  ["a byte-order mark", (line) => `\ufeff${line}`],
];

async function writeLog(count: number): Promise<{ path: string; lines: string[]; head: string }> {
  const path = join(await temporaryFolder(), "audit.jsonl");
  const sink = await JsonlAuditSink.open(path);
  for (let index = 0; index < count; index++) sink.append(sampleEntry(index));
  await sink.close();
  const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
  return { path, lines, head: formatChainCheckpoint(sink.head) };
}

describe("an audit line must be the writer's exact bytes", () => {
  it("refuses all 10 duplicate-key forgeries, through the API with a checkpoint and through the CLI", async () => {
    const { path, lines, head } = await writeLog(3);
    expect(JSON.parse(lines[0] as string).result.allowed).toBe(false);
    const passed: string[] = [];
    for (const [name, forge] of forgeries) {
      const forged = forge(lines[0] as string);
      // The forgery means something else to a first-value reader, the same to JSON.parse.
      expect(forged, name).not.toBe(lines[0]);
      expect(JSON.parse(forged), name).toEqual(JSON.parse(lines[0] as string));
      await writeFile(path, `${[forged, ...lines.slice(1)].join("\n")}\n`);
      const report = await verifyAuditLog(path, {
        checkpoint: { seq: 3, hash: head.slice(2) },
      });
      const cli = memoryIo();
      const code = await runCli(["verify", "--log-file", path, "--checkpoint", head], cli.io);
      if (report.ok || code === 0) passed.push(name);
      else {
        expect(report.firstBreak, name).toMatchObject({ line: 1, seq: 1 });
        expect(report.firstBreak?.reason, name).toMatch(/not the writer's canonical serialization/);
        expect(cli.written.stdout, name).toContain(`BROKEN: ${path}:1: seq 1:`);
      }
    }
    expect(passed).toEqual([]);
  });

  it("refuses lines that say the same in other bytes", async () => {
    const { path, lines } = await writeLog(2);
    const passed: string[] = [];
    for (const [name, rewrite] of rewrites) {
      const rewritten = rewrite(lines[0] as string);
      expect(rewritten, name).not.toBe(lines[0]);
      await writeFile(path, `${[rewritten, ...lines.slice(1)].join("\n")}\n`);
      const report = await verifyAuditLog(path);
      if (report.ok) passed.push(name);
      else expect(report.firstBreak, name).toMatchObject({ line: 1, seq: 1 });
    }
    expect(passed).toEqual([]);
  });

  it("refuses invalid UTF-8 that decodes like the writer's text", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    const entry = sampleEntry(1);
    sink.append({
      ...entry,
      connectionAttempt: { ...entry.connectionAttempt, inputData: "\ufffd" },
    });
    await sink.close();
    const bytes = await readFile(path);
    const at = bytes.indexOf(Buffer.from("\ufffd"));
    // F0 90 80 is a truncated 4-byte sequence: it decodes to one U+FFFD, in as many bytes.
    bytes.set([0xf0, 0x90, 0x80], at);
    expect(bytes.toString("utf8")).toBe((await readFile(path, "utf8")).replace("\ufffd", "\ufffd"));
    await writeFile(path, bytes);
    expect((await verifyAuditLog(path)).ok).toBe(false);
  });

  it("is refused when a writer resumes the log, from the whole file or from its tail", async () => {
    const { path, lines } = await writeLog(3);
    const forge = forgeries[0]?.[1] as (line: string) => string;
    await writeFile(path, `${[lines[0], lines[1], forge(lines[2] as string)].join("\n")}\n`);
    for (const verifyOnOpen of [true, false]) {
      const opened = JsonlAuditSink.open(path, { verifyOnOpen });
      await expect(opened).rejects.toThrow(AuditLogCorruptError);
      await expect(opened).rejects.toThrow(
        /:3: seq 3: line is not the writer.s canonical serialization/,
      );
    }
  });
});
