/** A value JSON can hold: what {@link toJsonSnapshot} makes of anything. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** The caps of {@link toJsonSnapshot}, in the measure of `inputLimits`. */
export interface JsonSnapshotLimits {
  /**
   * Largest size: one per value (object, array, string, number…) plus the length of every
   * string and key, in UTF-16 code units — roughly the JSON length, as `inputLimits.maxSize`.
   */
  readonly maxSize: number;
  /** Deepest nesting of objects and arrays (`{}` is 1, `{ "a": [] }` is 2). */
  readonly maxDepth: number;
  /** Names the value in a problem (`"input"`, `"output"`). Default `"input"`. */
  readonly subject?: string;
}

/** What a {@link JsonSnapshotVisitor} answers for a member whose value must be replaced. */
export const REPLACE_MEMBER: unique symbol = Symbol("replace member");

/**
 * Looks at each member as the copy is taken, and may replace its value (redaction does, by key
 * and by path) before it is read or converted. `State` follows the walk down: what the visitor
 * answered for a member is what it is handed for that member's own members.
 */
export interface JsonSnapshotVisitor<State> {
  /** What a replaced member's value becomes. */
  readonly replacement: JsonValue;
  /**
   * For member `key` (an array index as decimal text, when `inArray`) of a container visited
   * with `state`: {@link REPLACE_MEMBER}, or the state to visit its value with. Array members
   * are offered only while `state` is not undefined.
   */
  member(
    key: string,
    inArray: boolean,
    state: State | undefined,
  ): State | undefined | typeof REPLACE_MEMBER;
}

/** Which cap a snapshot passed, or that the value could not be read at all. */
export type JsonSnapshotFailure = "too-large" | "too-deep" | "unreadable";

/** What {@link toJsonSnapshot} answers: the copy and its measures, or why there is none. */
export type JsonSnapshot =
  | {
      readonly ok: true;
      /** The JSON copy; `undefined` only when the value itself converts to nothing. */
      readonly value: JsonValue | undefined;
      /** Its size in the measure of {@link JsonSnapshotLimits.maxSize}. */
      readonly size: number;
      /**
       * An estimate of the heap the copy holds on 64-bit V8: 16 bytes per value, 48 more per
       * object or array, 2 per UTF-16 code unit of every string and key (an upper bound for
       * one-byte strings). Used to bound memory, not to report it exactly.
       */
      readonly bytes: number;
    }
  | {
      readonly ok: false;
      readonly failure: JsonSnapshotFailure;
      /** One line, as `inputLimitProblem` words it: `input too large (over the limit of …)`. */
      readonly problem: string;
    };

const dateToJSON = Date.prototype.toJSON;

// Marks the copies no caller holds (what the redactor hands the sinks) with their estimated
// bytes: a hidden, non-enumerable property under a symbol no caller can name, which JSON,
// \`Object.keys\` and equality checks ignore (a WeakMap would cost every garbage collection).
const OWNED_BYTES: unique symbol = Symbol("bytes of an owned JSON copy");

/**
 * Notes that \`copy\`, made by {@link toJsonSnapshot}, is held by nobody but the audit trail, so
 * an in-memory log may keep it as it is, weighed at \`bytes\`, instead of copying it again.
 */
export function noteOwnedJsonCopy(copy: JsonValue | undefined, bytes: number): void {
  if (typeof copy === "object" && copy !== null) {
    Object.defineProperty(copy, OWNED_BYTES, { value: bytes });
  }
}

/** The bytes noted for \`value\` by {@link noteOwnedJsonCopy}; undefined for any other value. */
export function ownedJsonCopyBytes(value: unknown): number | undefined {
  return typeof value === "object" && value !== null
    ? (value as { [OWNED_BYTES]?: number })[OWNED_BYTES]
    : undefined;
}

class LimitPassed {
  constructor(readonly failure: "too-large" | "too-deep") {}
}

/**
 * A JSON copy of `value`, taken once under size and depth caps — the one value the guard then
 * validates, redacts, records and hands on, so nothing read later can differ from what was
 * checked. It converts as `JSON.stringify` does: `toJSON` is called once per value (with its
 * key), and what it returns is converted under the same caps; functions, symbols and
 * `undefined` are dropped from objects and become `null` in arrays; non-finite numbers become
 * `null`. Unlike `JSON.stringify`, a BigInt becomes its decimal string. Only own enumerable
 * string keys are copied, and `__proto__` stays an ordinary own key.
 *
 * The walk stops as soon as a cap is passed, so a huge, deep or cyclic value (a cycle is
 * deeper than any cap) costs at most `maxSize` steps, and recursion never goes deeper than
 * `maxDepth`. A value that cannot be read — a throwing getter, `toJSON` or proxy trap — is a
 * problem, never an exception.
 *
 * @example
 * const snapshot = toJsonSnapshot(input, { maxSize: 1_000_000, maxDepth: 64 });
 * if (!snapshot.ok) return deny(snapshot.problem); // "input too deeply nested (…)"
 * validate(snapshot.value); // then run the tool on snapshot.value, not on input
 */
export function toJsonSnapshot<State = never>(
  value: unknown,
  limits: JsonSnapshotLimits,
  visitor?: JsonSnapshotVisitor<State>,
  rootState?: State,
): JsonSnapshot {
  const taker = new SnapshotTaker(limits.maxSize, limits.maxDepth, visitor);
  const subject = limits.subject ?? "input";
  try {
    const copy = taker.take(value, "", 0, rootState);
    const size = taker.values + taker.characters;
    const bytes = 16 * taker.values + 48 * taker.containers + 2 * taker.characters;
    return { ok: true, value: copy, size, bytes };
  } catch (error) {
    if (error instanceof LimitPassed) {
      const problem =
        error.failure === "too-deep"
          ? `${subject} too deeply nested (over the limit of ${limits.maxDepth} levels)`
          : `${subject} too large (over the limit of ${limits.maxSize}: one per value plus the length of each string and key)`;
      return { ok: false, failure: error.failure, problem };
    }
    const detail = error instanceof Error ? error.message : typeof error;
    return {
      ok: false,
      failure: "unreadable",
      problem: `${subject} could not be read (${detail.slice(0, 120)})`,
    };
  }
}

class SnapshotTaker<State> {
  values = 0;
  characters = 0;
  containers = 0;

  constructor(
    private readonly maxSize: number,
    private readonly maxDepth: number,
    private readonly visitor: JsonSnapshotVisitor<State> | undefined,
  ) {}

  /** The JSON copy of `value` found under `key`, or undefined for what JSON drops. */
  take(
    value: unknown,
    key: string | number,
    depth: number,
    state: State | undefined,
  ): JsonValue | undefined {
    this.count(1, 0);
    switch (typeof value) {
      case "string":
        this.count(0, value.length);
        return value;
      case "boolean":
        return value;
      case "number":
        return Number.isFinite(value) ? value : null;
      case "bigint": {
        const text = value.toString();
        this.count(0, text.length);
        return text;
      }
      case "undefined":
      case "function":
      case "symbol":
        return undefined;
    }
    if (value === null) return null;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      // Dates come in every entry: skip the generic round trip for an untouched one.
      if (toJSON === dateToJSON && value instanceof Date) {
        if (!Number.isFinite(value.getTime())) return null;
        this.count(0, 24);
        return value.toISOString();
      }
      // As JSON.stringify: what toJSON returns is converted, but its own toJSON is not called.
      return this.convert(toJSON.call(value, String(key)), depth, state);
    }
    return this.convert(value, depth, state);
  }

  private convert(value: unknown, depth: number, state: State | undefined): JsonValue | undefined {
    if (typeof value !== "object" || value === null) {
      // A primitive returned by toJSON: counted as the value it replaced.
      this.values--;
      return this.take(value, "", depth, undefined);
    }
    const visitor = this.visitor;
    if (depth >= this.maxDepth) throw new LimitPassed("too-deep");
    this.containers++;
    if (Array.isArray(value)) {
      const copy: JsonValue[] = [];
      for (let index = 0; index < value.length; index++) {
        let itemState: State | undefined;
        if (visitor !== undefined && state !== undefined) {
          const visited = visitor.member(String(index), true, state);
          if (visited === REPLACE_MEMBER) {
            copy.push(this.replacement(visitor));
            continue;
          }
          itemState = visited;
        }
        const item = this.take(value[index], index, depth + 1, itemState);
        copy.push(item === undefined ? null : item);
      }
      return copy;
    }
    // A typed array has a key per element: refuse a huge one before listing its keys.
    if (ArrayBuffer.isView(value)) {
      const length = (value as { length?: number }).length ?? 0;
      if (this.values + this.characters + length > this.maxSize) {
        throw new LimitPassed("too-large");
      }
    }
    const copy: { [key: string]: JsonValue } = {};
    const keys = Object.keys(value);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      this.count(0, key.length);
      let item: JsonValue | undefined;
      const visited = visitor === undefined ? undefined : visitor.member(key, false, state);
      if (visited === REPLACE_MEMBER) {
        item = this.replacement(visitor as JsonSnapshotVisitor<State>);
      } else {
        item = this.take((value as Record<string, unknown>)[key], key, depth + 1, visited);
        if (item === undefined) continue;
      }
      if (key === "__proto__") {
        Object.defineProperty(copy, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        copy[key] = item;
      }
    }
    return copy;
  }

  /** The visitor's replacement, counted as one value of its own (shared, so no new heap). */
  private replacement(visitor: JsonSnapshotVisitor<State>): JsonValue {
    this.count(1, 0);
    return visitor.replacement;
  }

  private count(values: number, characters: number): void {
    this.values += values;
    this.characters += characters;
    if (this.values + this.characters > this.maxSize) throw new LimitPassed("too-large");
  }
}
