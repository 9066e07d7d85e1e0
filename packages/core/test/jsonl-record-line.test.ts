import { describe, expect, it } from "vitest";
import { sampleEntry } from "./support/audit-fixtures.js";
import {
  type AuditEntry,
  canonicalJson,
  chainAuditLine,
  chainAuditRecord,
  EMPTY_CHAIN_HEAD,
  hashAuditRecord,
} from "./support/core-internals.js";

function hostileInputs(): unknown[] {
  const cyclic: Record<string, unknown> = { name: "loop" };
  cyclic.self = cyclic;
  const sharedChild = { shared: true };
  class Money {
    constructor(readonly cents: bigint) {}
    toJSON() {
      return { cents: this.cents, currency: "EUR" };
    }
  }
  return [
    undefined,
    null,
    "text",
    42,
    [1, undefined, () => 1, Symbol("s"), Number.NaN, -0, 1e21],
    { b: 1, a: 2, "": 3, "10": 4, "9": 5, é: 6, "\ud800": 7, __proto__: null },
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'),
    cyclic,
    { left: sharedChild, right: sharedChild, list: [sharedChild, [sharedChild]] },
    { big: 12345678901234567890n, money: new Money(250n), when: new Date(0) },
    { invalidDate: new Date(Number.NaN), dropped: undefined, fn: () => 0 },
    {
      throws: {
        toJSON: () => {
          throw new Error("no");
        },
      },
    },
    { vanishes: { toJSON: () => undefined }, list: [{ toJSON: () => undefined }] },
    { nested: { toJSON: () => ({ toJSON: () => "deep" }) } },
    new Map([["a", 1]]),
    Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [`${"zé𝒳aB_"[index % 7]}${20 - index}`, index]),
    ),
    'line\nbreak \u2028 \u0000 "quoted" \\',
  ];
}

describe("chainAuditLine", () => {
  it("hashes and writes exactly what chainAuditRecord produces, for hostile inputs too", () => {
    let head = EMPTY_CHAIN_HEAD;
    hostileInputs().forEach((inputData, index) => {
      const base = sampleEntry(index);
      const entry: AuditEntry = {
        ...base,
        connectionAttempt: { ...base.connectionAttempt, inputData },
        ...(index % 2 === 0 ? { outcome: { status: "error", durationMs: 2, error: "E: x" } } : {}),
      };
      const record = chainAuditRecord(entry, head);
      const line = chainAuditLine(entry, head);
      expect(line.seq).toBe(record.seq);
      expect(line.hash).toBe(record.hash);
      expect(line.text).toBe(canonicalJson(record));
      expect(hashAuditRecord(JSON.parse(line.text))).toBe(line.hash);
      head = { seq: line.seq, hash: line.hash };
    });
  });

  it("drops members of the entry that are undefined, as chainAuditRecord does", () => {
    const entry = { ...sampleEntry(1), timestamp: undefined } as unknown as AuditEntry;
    const record = chainAuditRecord(entry, EMPTY_CHAIN_HEAD);
    const line = chainAuditLine(entry, EMPTY_CHAIN_HEAD);
    expect(line.text).toBe(canonicalJson(record));
    expect(JSON.parse(line.text)).not.toHaveProperty("timestamp");
  });
});
