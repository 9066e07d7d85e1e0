import { createHash } from "node:crypto";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { canonicalJson } from "../support/canonical-json.js";
import {
  type JsonSnapshotVisitor,
  noteOwnedJsonCopy,
  REPLACE_MEMBER,
  toJsonSnapshot,
} from "../support/json-snapshot.js";
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

type PathState = readonly (readonly [path: number, position: number])[];

/**
 * Cleans what the audit trail keeps of an attempt, once, before any sink sees it: values under
 * secret-looking keys (password, token, apiKey, authorization, cookie…) and under configured
 * paths become `"[REDACTED]"`; an input over `maxInputSize` or `maxDepth` becomes a
 * {@link TruncatedInput} with its size and SHA-256. The input is first converted to a JSON copy
 * under those caps (`toJsonSnapshot`: `toJSON` runs inside them, so a `Buffer` or a `toJSON`
 * returning megabytes is summarised, and a value it returns is redacted like any other); the
 * copy is what is redacted and kept, so the caller's objects are never modified or retained.
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
  private readonly visitor: JsonSnapshotVisitor<PathState>;

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
    this.visitor = this.makeVisitor();
  }

  /** The attempt as the audit trail keeps it: input copied and redacted, over-long names cut. */
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

  /**
   * `input` as the audit trail keeps it: a JSON copy taken under `maxInputSize` and
   * `maxDepth` (`toJSON` included, so nothing bypasses the caps), with secrets redacted as it
   * is taken; or a summary when the copy could not be taken within the caps.
   */
  redactInput(input: unknown): unknown {
    const limits = { maxSize: this.maxInputSize, maxDepth: this.maxDepth };
    const snapshot = toJsonSnapshot(input, limits, this.visitor, this.rootState);
    if (snapshot.ok) {
      noteOwnedJsonCopy(snapshot.value, snapshot.bytes);
      return snapshot.value;
    }
    const reason =
      snapshot.failure === "too-large"
        ? `input larger than ${this.maxInputSize} (audit limit)`
        : snapshot.failure === "too-deep"
          ? `input nested deeper than ${this.maxDepth} levels`
          : snapshot.problem;
    return this.summarize(input, reason);
  }

  private summarize(input: unknown, reason: string): TruncatedInput {
    const limits = { maxSize: MAX_HASHED_SIZE, maxDepth: MAX_HASHED_DEPTH };
    const snapshot = toJsonSnapshot(input, limits, this.visitor, this.rootState);
    if (!snapshot.ok) {
      return {
        truncated: true,
        reason: `${reason}; too large, too deep or unreadable to hash (limits: ${MAX_HASHED_SIZE}, ${MAX_HASHED_DEPTH} levels)`,
      };
    }
    const canonical = canonicalJson(snapshot.value);
    const sha256 = createHash("sha256").update(canonical).digest("hex");
    return { truncated: true, reason, size: canonical.length, sha256 };
  }

  /** Redacts members as the copy is taken: by path (state follows the walk), then by key. */
  private makeVisitor(): JsonSnapshotVisitor<PathState> {
    return {
      replacement: this.replacement,
      member: (key, inArray, state) => {
        let childState: PathState | undefined;
        if (state !== undefined) {
          const advanced = this.advance(state, key);
          if (advanced === "redact") return REPLACE_MEMBER;
          childState = advanced;
        }
        if (!inArray && this.secretKeys.isSecret(key)) return REPLACE_MEMBER;
        return childState;
      },
    };
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

function cutName(name: string): string {
  if (typeof name !== "string" || name.length <= MAX_AUDITED_NAME_LENGTH) return name;
  return `${toWellFormedText(name.slice(0, MAX_AUDITED_NAME_LENGTH))}…(${name.length} chars)`;
}
