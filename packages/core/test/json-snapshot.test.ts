import { describe, expect, it } from "vitest";
import {
  DEFAULT_INPUT_LIMITS,
  inputLimitProblem,
  toJsonSnapshot,
} from "./support/core-internals.js";

const roomy = { maxSize: 1_000_000, maxDepth: 64 };

describe("toJsonSnapshot", () => {
  it("converts as JSON.stringify does, BigInt as a string", () => {
    class Money {
      constructor(readonly cents: bigint) {}
      toJSON() {
        return { cents: this.cents, currency: "EUR" };
      }
    }
    const value = {
      text: "hi",
      list: [1, undefined, () => 1, Symbol("s"), Number.NaN, -0, Number.POSITIVE_INFINITY],
      dropped: undefined,
      fn: () => 0,
      when: new Date(0),
      invalid: new Date(Number.NaN),
      money: new Money(250n),
      big: 12345678901234567890n,
      map: new Map([["a", 1]]),
    };
    const snapshot = toJsonSnapshot(value, roomy);
    expect(snapshot).toMatchObject({ ok: true });
    expect(snapshot.ok && snapshot.value).toStrictEqual({
      text: "hi",
      list: [1, null, null, null, null, -0, null],
      when: "1970-01-01T00:00:00.000Z",
      invalid: null,
      money: { cents: "250", currency: "EUR" },
      big: "12345678901234567890",
      map: {},
    });
  });

  it("copies, never shares, the caller's objects", () => {
    const input = { nested: { list: [{ a: 1 }] } };
    const snapshot = toJsonSnapshot(input, roomy);
    if (!snapshot.ok) throw new Error(snapshot.problem);
    const copy = snapshot.value as typeof input;
    expect(copy).toStrictEqual(input);
    expect(copy.nested).not.toBe(input.nested);
    expect(copy.nested.list[0]).not.toBe(input.nested.list[0]);
  });

  it("reads each value once: a getter cannot answer differently later", () => {
    let reads = 0;
    const input = {
      get amount() {
        reads++;
        return reads === 1 ? 5 : 9_999;
      },
    };
    const snapshot = toJsonSnapshot(input, roomy);
    expect(snapshot.ok && snapshot.value).toEqual({ amount: 5 });
    expect(reads).toBe(1);
  });

  it("calls toJSON once per value, with its key, and not on what it returns", () => {
    const keys: string[] = [];
    const inner = {
      toJSON: () => {
        throw new Error("must not be called");
      },
    };
    const outer = {
      toJSON(key: string) {
        keys.push(key);
        return { inner: "kept", self: this === outer };
      },
    };
    const selfReturning = {
      toJSON() {
        return this;
      },
      data: 1,
    };
    const snapshot = toJsonSnapshot(
      { outer, list: [outer], selfReturning, returned: { toJSON: () => inner } },
      roomy,
    );
    expect(snapshot.ok && snapshot.value).toEqual({
      outer: { inner: "kept", self: true },
      list: [{ inner: "kept", self: true }],
      selfReturning: { data: 1 },
      returned: {},
    });
    expect(keys).toEqual(["outer", "0"]);
  });

  it("keeps __proto__ as an ordinary own key and touches no prototype", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}');
    const snapshot = toJsonSnapshot(input, roomy);
    if (!snapshot.ok) throw new Error(snapshot.problem);
    const copy = snapshot.value as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("applies the caps to what toJSON returns: a Buffer, 20 MB, a deep array", () => {
    const limits = { maxSize: 16_384, maxDepth: 64 };
    expect(toJsonSnapshot({ file: Buffer.alloc(900_000) }, limits)).toMatchObject({
      ok: false,
      failure: "too-large",
    });
    const huge = "x".repeat(20_000_000);
    expect(toJsonSnapshot({ blob: { toJSON: () => huge } }, limits)).toMatchObject({
      ok: false,
      failure: "too-large",
    });
    let deep: unknown[] = [];
    for (let level = 0; level < 200_000; level++) deep = [deep];
    expect(toJsonSnapshot({ tree: { toJSON: () => deep } }, limits)).toEqual({
      ok: false,
      failure: "too-deep",
      problem: "input too deeply nested (over the limit of 64 levels)",
    });
  });

  it("stops at the caps on a cyclic object, a huge typed array and a sparse array", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(toJsonSnapshot(cyclic, roomy)).toMatchObject({ ok: false, failure: "too-deep" });
    expect(toJsonSnapshot(new Uint8Array(50_000_000), roomy)).toMatchObject({
      ok: false,
      failure: "too-large",
    });
    expect(toJsonSnapshot(new Array(1e9), roomy)).toMatchObject({
      ok: false,
      failure: "too-large",
    });
  });

  it("gives a problem, never an exception, for a value that cannot be read", () => {
    const throwing = {
      get secret() {
        throw new Error("getter says no");
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("trap says no");
        },
      },
    );
    expect(toJsonSnapshot(throwing, { ...roomy, subject: "output" })).toEqual({
      ok: false,
      failure: "unreadable",
      problem: "output could not be read (getter says no)",
    });
    expect(toJsonSnapshot({ proxy }, roomy)).toMatchObject({
      ok: false,
      problem: "input could not be read (trap says no)",
    });
  });

  it("measures size as inputLimits does, with the same problems", () => {
    const input = { prompt: "Summarize.", tags: ["a", "bc"], n: 1 };
    const snapshot = toJsonSnapshot(input, roomy);
    // 1 object + "prompt" 6 + value 1+10 + "tags" 4 + array 1 + 1+1 + 1+2 + "n" 1 + 1
    expect(snapshot.ok && snapshot.size).toBe(30);
    expect(toJsonSnapshot(input, { maxSize: 30, maxDepth: 64 }).ok).toBe(true);
    const over = toJsonSnapshot(input, { maxSize: 29, maxDepth: 64 });
    expect(over.ok).toBe(false);
    expect(!over.ok && over.problem).toBe(
      inputLimitProblem(input, { ...DEFAULT_INPUT_LIMITS, maxSize: 29 }),
    );
    const deep = { a: { b: { c: {} } } };
    const tooDeep = toJsonSnapshot(deep, { maxSize: 100, maxDepth: 3 });
    expect(!tooDeep.ok && tooDeep.problem).toBe(
      inputLimitProblem(deep, { maxSize: 100, maxDepth: 3 }),
    );
    expect(toJsonSnapshot(deep, { maxSize: 100, maxDepth: 4 }).ok).toBe(true);
  });

  it("estimates the heap of the copy: 64 bytes for an empty object", () => {
    const one = toJsonSnapshot({}, roomy);
    expect(one.ok && one.bytes).toBe(64);
    const text = toJsonSnapshot("abcd", roomy);
    expect(text.ok && text.bytes).toBe(16 + 8);
  });
});
