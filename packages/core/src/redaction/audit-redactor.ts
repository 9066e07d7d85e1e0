import { createHash } from "node:crypto";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { canonicalJson } from "../support/canonical-json.js";
import { toJsonValue } from "../support/to-json-value.js";
import { toWellFormedText } from "../support/well-formed-text.js";
import { buildConnectionAttempt, type ConnectionAttempt } from "../values/connection-attempt.js";
import { ANY_SEGMENT, parseRedactionPath, type RedactionPathSegment } from "./redaction-path.js";
import { DEFAULT_SECRET_KEYS, SecretKeyMatcher } from "./secret-key-matcher.js";

/** How audit entries are cleaned before they reach any sink. */
export interface RedactionOptions {
  /** Key endings that mark secrets (default {@link DEFAULT_SECRET_KEYS}; `[]` turns it off). */
  readonly secretKeys?: readonly string[];
  /** Paths whose values are always redacted, e.g. `$.card.number`, `$.items[*].cvv`. */
  readonly paths?: readonly string[];
  /** Inputs larger than this (same measure as `inputLimits.maxSize`) are replaced by a summary. Default 16 384. */
  readonly maxInputSize?: number;
  /** Inputs nested deeper than this are replaced by a summary. Default 64. */
  readonly maxDepth?: number;
  /** What a redacted value becomes. Default `"[REDACTED]"`. */
  readonly replacement?: string;
}

/** What an input too large or too deep to keep becomes in the audit trail. */
export interface TruncatedInput {
  readonly truncated: true;
  readonly reason: string;
  /** Length of the input's canonical JSON (secrets redacted), when it could be measured. */
  readonly size?: number;
  /** SHA-256 (hex) of that canonical JSON, when it could be computed. */
  readonly sha256?: string;
}

/** The longest agent or connector name kept whole in an audit entry. */
export const MAX_AUDITED_NAME_LENGTH = 256;
// Beyond these, an input is not even hashed: the cost would be the attacker's choice.
const MAX_HASHED_SIZE = 8_000_000;
const MAX_HASHED_DEPTH = 1_000;

class Truncate {
  constructor(readonly reason: string) {}
}

type PathState = readonly (readonly [path: number, position: number])[];

/**
 * Cleans what the audit trail keeps of an attempt, once, before any sink sees it: values under
 * secret-looking keys (password, token, apiKey, authorization, cookie…) and under configured
 * paths become `"[REDACTED]"`; an input over `maxInputSize` or `maxDepth` becomes a
 * {@link TruncatedInput} with its size and SHA-256. The caller's objects are never modified:
 * what changes is copied, and an input with nothing to redact is returned as it is.
 *
 * @example
 * const redactor = new AuditRedactor({ paths: ["$.card.number"] });
 * redactor.redactInput({ user: "ana", password: "hunter2", card: { number: "4111…" } });
 * // { user: "ana", password: "[REDACTED]", card: { number: "[REDACTED]" } }
 */
export class AuditRedactor {
  readonly replacement: string;
  readonly maxInputSize: number;
  readonly maxDepth: number;
  private readonly secretKeys: SecretKeyMatcher;
  private readonly paths: readonly (readonly RedactionPathSegment[])[];
  private readonly rootState: PathState | undefined;
  private size = 0;

  /** Throws `InvalidOptionError` for a malformed path or limit. */
  constructor(options: RedactionOptions = {}) {
    this.replacement = options.replacement ?? "[REDACTED]";
    this.maxInputSize = options.maxInputSize ?? 16_384;
    this.maxDepth = options.maxDepth ?? 64;
    for (const [name, value] of [
      ["maxInputSize", this.maxInputSize],
      ["maxDepth", this.maxDepth],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new InvalidOptionError(`redaction.${name} must be an integer >= 1 (got ${value})`);
      }
    }
    if (typeof this.replacement !== "string") {
      throw new InvalidOptionError("redaction.replacement must be a string");
    }
    this.secretKeys = new SecretKeyMatcher(options.secretKeys ?? DEFAULT_SECRET_KEYS);
    this.paths = (options.paths ?? []).map(parseRedactionPath);
    this.rootState =
      this.paths.length === 0 ? undefined : this.paths.map((_path, index) => [index, 0] as const);
  }

  /** The attempt as the audit trail keeps it: input redacted, over-long names cut. */
  redactAttempt(attempt: ConnectionAttempt): ConnectionAttempt {
    const inputData = this.redactInput(attempt.inputData);
    const connectorName = cutName(attempt.connectorName);
    const sourceAgent = cutName(attempt.sourceAgent);
    if (
      inputData === attempt.inputData &&
      connectorName === attempt.connectorName &&
      sourceAgent === attempt.sourceAgent
    ) {
      return attempt;
    }
    return buildConnectionAttempt(
      connectorName,
      sourceAgent,
      inputData,
      attempt.timestamp,
      attempt.toolDefinitionHash,
    );
  }

  /** `input` with secrets redacted (the same object when nothing needed it), or a summary. */
  redactInput(input: unknown): unknown {
    this.size = 0;
    try {
      return this.walk(input, 0, this.rootState, this.maxInputSize, this.maxDepth);
    } catch (error) {
      const reason =
        error instanceof Truncate
          ? error.reason
          : `input could not be read (${error instanceof Error ? error.message : typeof error})`;
      return this.summarize(input, reason);
    }
  }

  private summarize(input: unknown, reason: string): TruncatedInput {
    try {
      this.size = 0;
      const redacted = this.walk(input, 0, this.rootState, MAX_HASHED_SIZE, MAX_HASHED_DEPTH);
      const canonical = canonicalJson(toJsonValue(redacted));
      const sha256 = createHash("sha256").update(canonical).digest("hex");
      return { truncated: true, reason, size: canonical.length, sha256 };
    } catch {
      return {
        truncated: true,
        reason: `${reason}; too large, too deep or unreadable to hash (limits: ${MAX_HASHED_SIZE}, ${MAX_HASHED_DEPTH} levels)`,
      };
    }
  }

  private walk(
    value: unknown,
    depth: number,
    state: PathState | undefined,
    maxSize: number,
    maxDepth: number,
  ): unknown {
    this.size += typeof value === "string" ? value.length + 1 : 1;
    if (this.size > maxSize) throw new Truncate(`input larger than ${maxSize} (audit limit)`);
    if (typeof value !== "object" || value === null) return value;
    if (depth >= maxDepth) throw new Truncate(`input nested deeper than ${maxDepth} levels`);
    if (ArrayBuffer.isView(value) || typeof (value as { toJSON?: unknown }).toJSON === "function") {
      return value;
    }
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        const next = this.child(item, String(index), false, depth, state, maxSize, maxDepth);
        if (!Object.is(next, item)) {
          copy ??= value.slice();
          copy[index] = next;
        }
      }
      return copy ?? value;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let copy: Record<string, unknown> | undefined;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      this.size += key.length;
      const item = record[key];
      const secret = this.secretKeys.isSecret(key);
      const next = this.child(item, key, secret, depth, state, maxSize, maxDepth);
      if (!Object.is(next, item) && copy === undefined) {
        copy = {};
        for (let earlier = 0; earlier < index; earlier++) {
          const earlierKey = keys[earlier] as string;
          defineValue(copy, earlierKey, record[earlierKey]);
        }
      }
      if (copy !== undefined) defineValue(copy, key, next);
    }
    return copy ?? value;
  }

  private child(
    item: unknown,
    key: string,
    secret: boolean,
    depth: number,
    state: PathState | undefined,
    maxSize: number,
    maxDepth: number,
  ): unknown {
    let childState: PathState | undefined;
    if (state !== undefined) {
      const advanced = this.advance(state, key);
      if (advanced === "redact") return this.replacement;
      childState = advanced;
    }
    if (secret) return this.replacement;
    return this.walk(item, depth + 1, childState, maxSize, maxDepth);
  }

  /** Moves every partial path match one step down `key`; "redact" when one completes. */
  private advance(state: PathState, key: string): PathState | "redact" | undefined {
    let next: [number, number][] | undefined;
    for (const [path, position] of state) {
      const segments = this.paths[path] as readonly RedactionPathSegment[];
      const segment = segments[position];
      if (segment !== ANY_SEGMENT && segment !== key) continue;
      if (position + 1 === segments.length) return "redact";
      next ??= [];
      next.push([path, position + 1]);
    }
    return next;
  }
}

// Copies keep `__proto__` and friends as ordinary own keys: nothing is ever set on a prototype.
function defineValue(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function cutName(name: string): string {
  if (typeof name !== "string" || name.length <= MAX_AUDITED_NAME_LENGTH) return name;
  return `${toWellFormedText(name.slice(0, MAX_AUDITED_NAME_LENGTH))}…(${name.length} chars)`;
}
