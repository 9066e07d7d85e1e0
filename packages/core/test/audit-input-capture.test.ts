import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  type AuditEntry,
  AuditLog,
  createGuard,
  DEFAULT_AUDIT_LOG_MAX_BYTES,
  JsonlAuditSink,
  toJsonSnapshot,
  verifyAuditLog,
} from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();
const connectors = [{ name: "upload", version: "1.0.0", rateLimit: 1_000_000 }];

/** Nested arrays `depth` levels deep, built without recursion. */
function deepArray(depth: number): unknown[] {
  let nested: unknown[] = [];
  for (let level = 0; level < depth; level++) nested = [nested];
  return nested;
}

/** A guard writing to a real JSONL file, with every audit failure collected. */
async function fileGuard() {
  const path = join(await temporaryFolder(), "audit.jsonl");
  const sink = await JsonlAuditSink.open(path);
  const failures: unknown[] = [];
  const guard = createGuard({
    connectors,
    audit: sink,
    onAuditError: (error) => failures.push(error),
  });
  const lines = async (): Promise<string[]> => {
    await guard.close();
    return (await readFile(path, "utf8")).split("\n").filter((line) => line !== "");
  };
  return { guard, path, failures, lines };
}

// Item 4 of issue 13: each of these reached the audit file unredacted, uncapped or not at all.
describe("inputs with toJSON go through redaction and the size cap", () => {
  it("redacts the secrets a toJSON returns", async () => {
    class Credentials {
      toJSON() {
        return { user: "ana", password: "hunter2", apiKey: "sk-live-123" };
      }
    }
    const { guard, failures, lines } = await fileGuard();
    const result = await guard.check({
      connectorName: "upload",
      inputData: { login: new Credentials() },
    });
    expect(result.allowed).toBe(true);
    const [line] = await lines();
    expect(line).not.toContain("hunter2");
    expect(line).not.toContain("sk-live-123");
    expect(JSON.parse(line as string).connectionAttempt.inputData).toEqual({
      login: { user: "ana", password: "[REDACTED]", apiKey: "[REDACTED]" },
    });
    expect(failures).toEqual([]);
  });

  it("summarises a 900 KB Buffer instead of writing a 1.8 MB line", async () => {
    const { guard, failures, lines } = await fileGuard();
    await guard.check({ connectorName: "upload", inputData: { file: Buffer.alloc(900_000, 7) } });
    const [line] = await lines();
    expect((line as string).length).toBeLessThan(2_000);
    expect(JSON.parse(line as string).connectionAttempt.inputData).toMatchObject({
      truncated: true,
      reason: "input larger than 16384 (audit limit)",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(failures).toEqual([]);
  });

  it("summarises a toJSON that returns 20 MB, without hashing it", async () => {
    const huge = "x".repeat(20_000_000);
    const { guard, failures, lines } = await fileGuard();
    await guard.check({ connectorName: "upload", inputData: { blob: { toJSON: () => huge } } });
    const [line] = await lines();
    expect((line as string).length).toBeLessThan(2_000);
    const recorded = JSON.parse(line as string).connectionAttempt.inputData;
    expect(recorded).toMatchObject({ truncated: true });
    expect(recorded.reason).toMatch(/^input larger than 16384 \(audit limit\); too large/);
    expect(failures).toEqual([]);
  });

  it("records the call whose toJSON returns a 100,000-deep array (no stack overflow, no lost entry)", async () => {
    const deep = deepArray(100_000);
    const { guard, path, failures, lines } = await fileGuard();
    const result = await guard.check({
      connectorName: "upload",
      inputData: { tree: { toJSON: () => deep } },
    });
    // The input caps see through toJSON as well: the call is denied, and still recorded.
    expect(result).toMatchObject({ allowed: false, check: "input-schema" });
    expect(result.reason).toMatch(/input too deeply nested/);
    const written = await lines();
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] as string).connectionAttempt.inputData).toMatchObject({
      truncated: true,
      reason: expect.stringMatching(/^input nested deeper than 64 levels; too large, too deep/),
    });
    expect(failures).toEqual([]);
    expect((await verifyAuditLog(path)).ok).toBe(true);
  });

  it("with redaction off, the writer still records a deep input as a summary, not a lost entry", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    const base = sampleEntry(0);
    const entry: AuditEntry = {
      ...base,
      connectionAttempt: {
        ...base.connectionAttempt,
        inputData: { toJSON: () => deepArray(100_000) },
      },
    };
    sink.append(entry);
    await sink.close();
    const [line] = (await readFile(path, "utf8")).split("\n");
    expect(JSON.parse(line as string).connectionAttempt.inputData).toEqual({
      truncated: true,
      reason: expect.stringMatching(/^input could not be serialized \(/),
    });
    expect((await verifyAuditLog(path)).ok).toBe(true);
  });
});

// Item 3 of issue 13: the default log kept the caller's objects, ~1 MB each for this input.
describe("the in-memory audit log is bounded by bytes", () => {
  const emptyObjects = (): unknown[] => Array.from({ length: 16_000 }, () => ({}));

  it("keeps a JSON copy of the input, never the caller's object", async () => {
    const guard = createGuard({ connectors });
    const input = { items: [{ id: 1 }], note: "hello" };
    await guard.check({ connectorName: "upload", inputData: input });
    const recorded = guard.auditLog.allEntries()[0]?.connectionAttempt.inputData as typeof input;
    expect(recorded).toStrictEqual(input);
    expect(recorded).not.toBe(input);
    expect(recorded.items).not.toBe(input.items);
  });

  it("a default guard holds 150 calls of 16,000 empty objects within its maxBytes", async () => {
    const guard = createGuard({ connectors });
    expect(guard.auditLog.maxBytes).toBe(DEFAULT_AUDIT_LOG_MAX_BYTES);
    const input = { list: emptyObjects() };
    for (let call = 0; call < 150; call++) {
      await guard.check({ connectorName: "upload", inputData: input });
    }
    expect(guard.auditLog.bytes).toBeLessThanOrEqual(DEFAULT_AUDIT_LOG_MAX_BYTES);
    // Each entry weighs what its copy holds: about 1 MB here, so only the newest 60 or so stay.
    expect(guard.auditLog.size).toBeLessThan(100);
    expect(guard.auditLog.size).toBeGreaterThan(30);
    const newest = guard.auditLog.allEntries().at(-1)?.connectionAttempt.inputData;
    expect(newest).toStrictEqual(input);
    expect(newest).not.toBe(input);
  }, 60_000);

  it("evicts the oldest entries to stay under maxBytes, and counts what it holds", () => {
    const log = new AuditLog({ maxBytes: 200_000 });
    const base = sampleEntry(0);
    const withInput = (index: number): AuditEntry => ({
      ...base,
      connectionAttempt: {
        ...base.connectionAttempt,
        connectorName: `c${index}`,
        inputData: { text: "y".repeat(10_000) },
      },
    });
    for (let index = 0; index < 100; index++) log.append(withInput(index));
    expect(log.bytes).toBeLessThanOrEqual(200_000);
    expect(log.size).toBeGreaterThan(5);
    expect(log.size).toBeLessThan(11);
    expect(log.allEntries().at(-1)?.connectionAttempt.connectorName).toBe("c99");
    log.clear();
    expect(log.bytes).toBe(0);
  });

  it("keeps an input too large for maxBytes as a summary", () => {
    const log = new AuditLog({ maxBytes: 10_000 });
    const base = sampleEntry(0);
    log.append({
      ...base,
      connectionAttempt: { ...base.connectionAttempt, inputData: { text: "z".repeat(50_000) } },
    });
    expect(log.allEntries()[0]?.connectionAttempt.inputData).toEqual({
      truncated: true,
      reason: expect.stringContaining("over the audit log's maxBytes (10000)"),
    });
    expect(log.bytes).toBeLessThanOrEqual(10_000);
  });

  it("weighs an entry by the copy's estimated heap", () => {
    const snapshot = toJsonSnapshot(emptyObjects(), { maxSize: 1_000_000, maxDepth: 64 });
    expect(snapshot.ok && snapshot.bytes).toBeGreaterThan(1_000_000);
  });

  it("refuses a maxBytes that is not a positive integer", () => {
    expect(() => new AuditLog({ maxBytes: 0 })).toThrow("maxBytes must be an integer >= 1 (got 0)");
  });
});
