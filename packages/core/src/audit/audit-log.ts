import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { ownedJsonCopyBytes, toJsonSnapshot } from "../support/json-snapshot.js";
import { buildConnectionAttempt } from "../values/connection-attempt.js";
import type { AuditEntry } from "./audit-entry.js";
import type { AuditSink } from "./audit-sink.js";

/** Options of {@link AuditLog}. */
export interface AuditLogOptions {
  /** How many entries are kept; past it the oldest are evicted first. Default 10 000. */
  readonly maxEntries?: number;
  /**
   * How much memory the entries may hold, in bytes as `toJsonSnapshot` estimates them; past
   * it the oldest are evicted first. Default 64 MiB ({@link DEFAULT_AUDIT_LOG_MAX_BYTES}).
   */
  readonly maxBytes?: number;
}

/** The default of {@link AuditLogOptions.maxBytes}: 64 MiB. */
export const DEFAULT_AUDIT_LOG_MAX_BYTES = 64 * 1024 * 1024;

// An input bigger than this is not copied into the log at all (the guard's own redaction
// keeps audited inputs far smaller; this bounds what `redaction: false` or a direct append
// can make the log copy).
const MAX_STORED_INPUT_SIZE = 1_000_000;
const MAX_STORED_INPUT_DEPTH = 256;
// The entry, its attempt, result and outcome objects and two dates, at 64-bit V8 sizes.
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * An in-memory, capped audit log, queryable by time, connector, agent and outcome. It is the
 * guard's default sink; keep a durable sink beside it for a record that survives the process.
 *
 * Bounded twice, by count (`maxEntries`) and by memory (`maxBytes`): each entry keeps a JSON
 * copy of the attempt's input (the redacted, size-capped form the guard hands it), never the
 * caller's object, and is weighed by what that copy holds. An input too large to copy, or
 * whose entry alone would pass `maxBytes`, is kept as `{ truncated: true, reason }`.
 *
 * @example
 * const log = new AuditLog({ maxEntries: 50_000, maxBytes: 256 * 1024 * 1024 });
 * log.forAgent("agent-1");
 * log.deniedEntries().length;
 * log.since(new Date(Date.now() - 60 * 60 * 1000));
 */
export class AuditLog implements AuditSink {
  readonly maxEntries: number;
  readonly maxBytes: number;
  // A ring buffer: appending and evicting are O(1) however full the log is. Each entry's
  // weight sits in a parallel array of small integers, so holding it costs no object.
  private readonly ring: (AuditEntry | undefined)[];
  private readonly weights: number[] = [];
  private head = 0;
  private count = 0;
  private heldBytes = 0;
  private storedBytes = 0;

  constructor(options: AuditLogOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new InvalidOptionError(
        `maxEntries must be an integer >= 1 (got ${options.maxEntries})`,
      );
    }
    this.maxBytes = options.maxBytes ?? DEFAULT_AUDIT_LOG_MAX_BYTES;
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < 1) {
      throw new InvalidOptionError(`maxBytes must be an integer >= 1 (got ${options.maxBytes})`);
    }
    this.ring = [];
  }

  /**
   * Adds a copy of `entry` (its input as a JSON copy), evicting the oldest entries while the
   * log is over `maxEntries` or `maxBytes`. The newest entry is always kept.
   */
  append(entry: AuditEntry): void {
    const stored = this.store(entry);
    const bytes = this.storedBytes;
    while (
      this.count > 0 &&
      (this.count >= this.maxEntries || this.heldBytes + bytes > this.maxBytes)
    ) {
      this.evictOldest();
    }
    const slot = (this.head + this.count) % this.maxEntries;
    this.ring[slot] = stored;
    this.weights[slot] = bytes;
    this.count++;
    this.heldBytes += bytes;
  }

  /** The estimated memory the held entries take, in bytes (at most `maxBytes` but for one). */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Every entry held, oldest first. */
  allEntries(): AuditEntry[] {
    return this.filter(() => true);
  }

  /** Entries recorded at or after `date`. */
  since(date: Date): AuditEntry[] {
    const from = date.getTime();
    return this.filter((entry) => entry.timestamp.getTime() >= from);
  }

  /** Entries for calls to `connectorName`. */
  forConnector(connectorName: string): AuditEntry[] {
    return this.filter((entry) => entry.connectionAttempt.connectorName === connectorName);
  }

  /** Entries for calls by `agent`. */
  forAgent(agent: string): AuditEntry[] {
    return this.filter((entry) => entry.connectionAttempt.sourceAgent === agent);
  }

  /** Entries whose call was denied. */
  deniedEntries(): AuditEntry[] {
    return this.filter((entry) => !entry.result.allowed);
  }

  /** Removes every entry. */
  clear(): void {
    this.ring.length = 0;
    this.weights.length = 0;
    this.head = 0;
    this.count = 0;
    this.heldBytes = 0;
  }

  /** How many entries are held. */
  get size(): number {
    return this.count;
  }

  /** Nothing to flush: entries are stored when appended. */
  async flush(): Promise<void> {}

  /** Nothing to release. */
  async close(): Promise<void> {}

  private filter(keep: (entry: AuditEntry) => boolean): AuditEntry[] {
    const kept: AuditEntry[] = [];
    for (let offset = 0; offset < this.count; offset++) {
      const entry = this.ring[(this.head + offset) % this.maxEntries] as AuditEntry;
      if (keep(entry)) kept.push(entry);
    }
    return kept;
  }

  private evictOldest(): void {
    this.ring[this.head] = undefined;
    this.heldBytes -= this.weights[this.head] as number;
    this.head = (this.head + 1) % this.maxEntries;
    this.count--;
  }

  /** The entry as the log keeps it; what it weighs is left in `storedBytes`. */
  private store(entry: AuditEntry): AuditEntry {
    const attempt = entry.connectionAttempt;
    const result = entry.result;
    const outcome = entry.outcome;
    const fixedBytes =
      ENTRY_OVERHEAD_BYTES +
      2 *
        (textLength(attempt.connectorName) +
          textLength(attempt.sourceAgent) +
          textLength(attempt.toolDefinitionHash) +
          textLength(result.reason) +
          textLength(result.verifiedAgent) +
          textLength(result.wouldDeny?.reason) +
          textLength(outcome?.error) +
          textLength(outcome?.outputViolation));
    // The redactor's copy is held by no caller: kept as it is, weighed as it was measured.
    const owned = ownedJsonCopyBytes(attempt.inputData);
    if (owned !== undefined && fixedBytes + owned <= this.maxBytes) {
      this.storedBytes = fixedBytes + owned;
      return entry;
    }
    const snapshot = toJsonSnapshot(attempt.inputData, {
      maxSize: MAX_STORED_INPUT_SIZE,
      maxDepth: MAX_STORED_INPUT_DEPTH,
    });
    let inputData: unknown;
    let bytes: number;
    if (snapshot.ok && fixedBytes + snapshot.bytes <= this.maxBytes) {
      inputData = snapshot.value;
      bytes = fixedBytes + snapshot.bytes;
    } else {
      const problem = snapshot.ok
        ? `input of about ${snapshot.bytes} bytes, over the audit log's maxBytes (${this.maxBytes})`
        : `${snapshot.problem} (audit log limit)`;
      inputData = { truncated: true, reason: problem };
      bytes = fixedBytes + 2 * problem.length + 128;
    }
    const copy = buildConnectionAttempt(
      attempt.connectorName,
      attempt.sourceAgent,
      inputData,
      attempt.timestamp,
      attempt.toolDefinitionHash,
    );
    this.storedBytes = bytes;
    return outcome === undefined
      ? { connectionAttempt: copy, result, timestamp: entry.timestamp }
      : { connectionAttempt: copy, result, timestamp: entry.timestamp, outcome };
  }
}

function textLength(text: string | undefined): number {
  return typeof text === "string" ? text.length : 0;
}
