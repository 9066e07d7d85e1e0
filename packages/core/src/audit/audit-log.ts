import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { AuditEntry } from "./audit-entry.js";
import type { AuditSink } from "./audit-sink.js";

/** Options of {@link AuditLog}. */
export interface AuditLogOptions {
  /** How many entries are kept; past it the oldest are evicted first. Default 10 000. */
  readonly maxEntries?: number;
}

/**
 * An in-memory, capped audit log, queryable by time, connector, agent and outcome. It is the
 * guard's default sink; keep a durable sink beside it for a record that survives the process.
 *
 * @example
 * const log = new AuditLog({ maxEntries: 50_000 });
 * log.forAgent("agent-1");
 * log.deniedEntries().length;
 * log.since(new Date(Date.now() - 60 * 60 * 1000));
 */
export class AuditLog implements AuditSink {
  readonly maxEntries: number;
  // A ring buffer: appending and evicting are O(1) however full the log is.
  private readonly ring: (AuditEntry | undefined)[];
  private head = 0;
  private count = 0;

  constructor(options: AuditLogOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new InvalidOptionError(
        `maxEntries must be an integer >= 1 (got ${options.maxEntries})`,
      );
    }
    this.ring = [];
  }

  /** Adds an entry, evicting the oldest when the log is full. */
  append(entry: AuditEntry): void {
    if (this.count < this.maxEntries) {
      this.ring[(this.head + this.count) % this.maxEntries] = entry;
      this.count++;
      return;
    }
    this.ring[this.head] = entry;
    this.head = (this.head + 1) % this.maxEntries;
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
    this.head = 0;
    this.count = 0;
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
}
