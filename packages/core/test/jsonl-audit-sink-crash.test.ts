import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { JsonlAuditSink, verifyAuditLog } from "../src/index.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { builtIndexPath, builtIndexUrl, requireBuild } from "./support/built-package.js";

const temporaryFolder = useTemporaryFolder();

const entrySource = `(index) => ({
  connectionAttempt: { connectorName: "c", sourceAgent: "a", inputData: { index, pad: "x".repeat(200) }, timestamp: new Date() },
  result: { allowed: true, reason: "all checks passed", latencyMs: 0 },
  timestamp: new Date(),
})`;

function run(command: string, args: string[], onLine?: (line: string, kill: () => void) => void) {
  return new Promise<{ code: number | null; signal: string | null; output: string }>(
    (resolve, reject) => {
      const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
        for (const line of chunk.split("\n")) if (line) onLine?.(line, () => child.kill("SIGKILL"));
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
      });
      child.on("error", reject);
      child.on("close", (code, signal) => resolve({ code, signal, output }));
    },
  );
}

describe("JsonlAuditSink under failure", () => {
  beforeAll(() => requireBuild([builtIndexPath]));

  it("recovers from a writer killed mid-write: every flushed entry is kept", async () => {
    const folder = await temporaryFolder();
    const path = join(folder, "audit.jsonl");
    const script = join(folder, "writer.mjs");
    await writeFile(
      script,
      `import { JsonlAuditSink } from ${JSON.stringify(builtIndexUrl)};
const entry = ${entrySource};
const sink = await JsonlAuditSink.open(process.argv[2]);
for (let index = 0; ; index++) {
  for (let burst = 0; burst < 25; burst++) sink.append(entry(index * 25 + burst));
  if (index % 2 === 0) { await sink.flush(); console.log(sink.storedThrough.seq); }
  else await new Promise((resolve) => setImmediate(resolve));
}
`,
    );
    let lastFlushed = 0;
    const outcome = await run(process.execPath, [script, path], (line, kill) => {
      lastFlushed = Number(line);
      if (lastFlushed >= 2_000) kill();
    });
    expect(outcome.signal).toBe("SIGKILL");

    // The dead writer's lock is taken over; a torn line, if the kill cut one, is set aside.
    const sink = await JsonlAuditSink.open(path, { onTornLine: () => {} });
    expect(sink.head.seq).toBeGreaterThanOrEqual(lastFlushed);
    await sink.close();
    const report = await verifyAuditLog(path);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(sink.head.seq);
  });

  it("reports a failed write loudly, rejects flush and close, and refuses further entries", async () => {
    const folder = await temporaryFolder();
    const path = join(folder, "audit.jsonl");
    const script = join(folder, "full-disk.mjs");
    await writeFile(
      script,
      `import { JsonlAuditSink } from ${JSON.stringify(builtIndexUrl)};
const entry = ${entrySource};
const sink = await JsonlAuditSink.open(process.argv[2]);
for (let index = 0; index < 200; index++) sink.append(entry(index));
const flushed = await sink.flush().then(() => "flushed", (error) => "flush: " + error.code);
let appended = "appended";
try { sink.append(entry(200)); } catch (error) { appended = "append: " + error.code; }
const closed = await sink.close().then(() => "closed", (error) => "close: " + error.code);
console.log(JSON.stringify([flushed, appended, closed]));
`,
    );
    // A file size limit makes the kernel refuse writes past 8 KiB with EFBIG.
    const outcome = await run("bash", [
      "-c",
      `ulimit -f 8; exec "$0" "$@"`,
      process.execPath,
      script,
      path,
    ]);
    expect(outcome.output).toMatch(
      /connectorguard: AUDIT WRITE FAILED: audit write to .*audit\.jsonl failed: EFBIG.*; entries seq \d+-200 are not stored/,
    );
    expect(outcome.output).toContain(
      JSON.stringify([
        "flush: CG_AUDIT_WRITE_FAILED",
        "append: CG_AUDIT_WRITE_FAILED",
        "close: CG_AUDIT_WRITE_FAILED",
      ]),
    );
    const stored = Number(/entries seq (\d+)-200/.exec(outcome.output)?.[1]) - 1;
    const sink = await JsonlAuditSink.open(path, { onTornLine: () => {} });
    expect(sink.head.seq).toBe(stored);
    await sink.close();
    expect((await readFile(path, "utf8")).split("\n")).toHaveLength(stored + 1);
  });
});
