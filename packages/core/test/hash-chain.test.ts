import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  type ChainedAuditRecord,
  ChainVerifier,
  canonicalJson,
  chainAuditRecord,
  EMPTY_CHAIN_HEAD,
  GENESIS_HASH,
} from "./support/core-internals.js";

function entry(index: number, inputData: unknown = { index }): AuditEntry {
  const timestamp = new Date(Date.UTC(2026, 10, 24, 12, 0, index));
  return {
    connectionAttempt: { connectorName: "search", sourceAgent: "agent-1", inputData, timestamp },
    result: { allowed: index % 2 === 0, reason: "r", latencyMs: 0.01 },
    timestamp,
  };
}

function chain(count: number): ChainedAuditRecord[] {
  const records: ChainedAuditRecord[] = [];
  let head = EMPTY_CHAIN_HEAD;
  for (let index = 0; index < count; index++) {
    const record = chainAuditRecord(entry(index), head);
    records.push(record);
    head = record;
  }
  return records;
}

function verify(records: readonly unknown[]) {
  const verifier = new ChainVerifier();
  for (const record of records) if (verifier.push(record)) break;
  return verifier;
}

describe("hash chain", () => {
  it("links records from the genesis hash and verifies after a JSON round trip", () => {
    const records = chain(5);
    expect(records[0]?.prevHash).toBe(GENESIS_HASH);
    expect(records[1]?.prevHash).toBe(records[0]?.hash);
    const roundTripped = records.map((record) => JSON.parse(JSON.stringify(record)));
    const verifier = verify(roundTripped);
    expect(verifier.firstBreak).toBeUndefined();
    expect(verifier.head).toEqual({ seq: 5, hash: records[4]?.hash });
  });

  it("finds an edited, deleted, duplicated or swapped record", () => {
    const records = chain(5).map((record) => JSON.parse(JSON.stringify(record)));
    const edited = structuredClone(records);
    edited[2].result.allowed = !edited[2].result.allowed;
    expect(verify(edited).firstBreak).toMatchObject({
      seq: 3,
      reason: expect.stringContaining("edited"),
    });
    expect(verify([...records.slice(0, 2), ...records.slice(3)]).firstBreak?.seq).toBe(3);
    expect(verify([...records.slice(0, 3), records[2], ...records.slice(3)]).firstBreak?.seq).toBe(
      4,
    );
    expect(verify([records[0], records[2], records[1]]).firstBreak?.seq).toBe(2);
  });

  it("keeps hostile input hashable: BigInt, cycles, lone surrogates, __proto__ keys", () => {
    const cyclic: Record<string, unknown> = { big: 10n, text: "a\ud800b" };
    cyclic.self = cyclic;
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}');
    let head = EMPTY_CHAIN_HEAD;
    const records = [entry(1, cyclic), entry(2, hostile)].map((item) => {
      const record = chainAuditRecord(item, head);
      head = record;
      return JSON.parse(JSON.stringify(record));
    });
    expect(verify(records).firstBreak).toBeUndefined();
    expect(records[0].connectionAttempt.inputData).toEqual({
      big: "10",
      text: "a\ud800b",
      self: "[Circular]",
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A lone surrogate and U+FFFD must not hash alike.
    expect(canonicalJson("\ud800")).not.toBe(canonicalJson("\ufffd"));
  });

  it("writes canonical JSON with sorted keys", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: undefined })).toBe(
      '{"a":[true,null,"x"],"b":1}',
    );
  });
});
