import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalProblem,
  MAX_RECORD_DEPTH,
  scanCanonicalRecord,
} from "../src/audit/canonical-record-scanner.js";
import { checkAuditLine } from "../src/audit/check-audit-line.js";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  type AuditEntry,
  chainAuditLine,
  EMPTY_CHAIN_HEAD,
  JsonlAuditSink,
  verifyAuditLog,
} from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();

function withInput(inputData: unknown, index = 1): AuditEntry {
  const base = sampleEntry(index);
  return { ...base, connectionAttempt: { ...base.connectionAttempt, inputData } };
}

/** Values whose canonical form exercises every rule: escapes, surrogates, number forms, key order. */
const awkward: unknown[] = [
  '\u0000\u0001\u001f\b\t\n\f\r"\\/\u007f\u2028\u2029',
  "\ud800 lone high, \udfff lone low, \ud83d\ude00 a pair",
  "é ü 中文 𝒳",
  [0, -0, 1, -1, 0.1, 1.5e-7, 1e-6, 123456789012345, 2 ** 60, 0.1 + 0.2, 1e21, -2.5e300, 5e-324],
  { b: 1, a: 2, "": 3, "10": 4, "9": 5, é: 6, "\ud800": 7, "\uffff": 8, 𝒳: 9, A: 10, a_: 11 },
  { "a!": 1, a: 2, "a\u0000": 3, "a ": 4 },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'),
  { nested: { deeper: [[[]], {}, [{}], { x: [null, true, false] }] } },
  { hash: "not the record's", prevHash: "x".repeat(64), seq: "1", allowed: "yes" },
];

describe("scanCanonicalRecord", () => {
  it("accepts every line the writer writes, for awkward and for 1,000 random inputs", () => {
    let head = EMPTY_CHAIN_HEAD;
    const check = (inputData: unknown) => {
      const line = chainAuditLine(withInput(inputData), head);
      const bytes = Buffer.from(line.text);
      const checked = checkAuditLine(bytes, 0, bytes.length, head, false);
      if ("reason" in checked) throw new Error(`${checked.reason}: ${line.text}`);
      expect(checked).toEqual({ seq: line.seq, hash: line.hash });
      head = checked;
    };
    for (const value of awkward) check(value);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => check(value)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ unit: "binary" }),
          fc.oneof(fc.string({ unit: "binary" }), fc.double()),
        ),
        (value) => check(value),
      ),
      { numRuns: 500 },
    );
    // A bound that catches a hang, not a speed target: fast-check's generation is most of it.
  }, 60_000);

  it("verifies a whole file of such lines", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    for (const [index, value] of awkward.entries()) sink.append(withInput(value, index));
    await sink.close();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: awkward.length });
    expect((await readFile(path, "utf8")).split("\n")).toHaveLength(awkward.length + 1);
  });

  it("names what is not canonical, and refuses nesting deeper than its limit without a stack overflow", () => {
    const refused = (text: string) => {
      expect(scanCanonicalRecord(Buffer.from(text), 0, Buffer.byteLength(text))).toBeUndefined();
      return canonicalProblem();
    };
    expect(refused('{"a":1,"a":2}')).toBe('duplicate key "a" at byte 7');
    expect(refused('{"b":1,"a":2}')).toBe('key "a" after "b" (keys out of order) at byte 7');
    expect(refused('{"a":"\\u0041"}')).toMatch(
      /a \\u escape of a character JSON.stringify writes as it is/,
    );
    expect(refused('{"a":"\\ud83d\\ude00"}')).toMatch(/a surrogate pair written as escapes/);
    expect(refused('{"a":"\\u000a"}')).toMatch(/where JSON.stringify writes a short escape/);
    expect(refused('{"a":"\\u00E9"}')).toMatch(/4 lowercase hex digits/);
    expect(refused('{"a":1.50}')).toMatch(/the number 1.50, which JSON.stringify writes as 1.5/);
    expect(refused('{"a":-0}')).toMatch(/-0, which JSON.stringify writes as 0/);
    expect(refused('{"a":0.0000001}')).toMatch(/writes as 1e-7/);
    expect(refused('{"a":1} ')).toBe("bytes after the record at byte 7");
    const deep = `{"a":${"[".repeat(MAX_RECORD_DEPTH + 10_000)}${"]".repeat(MAX_RECORD_DEPTH + 10_000)}}`;
    expect(refused(deep)).toMatch(/nesting deeper than 1000/);
  });
});
