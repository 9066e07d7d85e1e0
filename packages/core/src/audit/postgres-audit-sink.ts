import { randomUUID } from "node:crypto";
import { AuditStoreError } from "../errors/audit-store-error.js";
import { ErrorCodes } from "../errors/error-codes.js";
import type { AuditEntry } from "./audit-entry.js";
import type { AuditReservation, AuditSink } from "./audit-sink.js";
import type { PendingAuditEntry } from "./postgres-audit-batch.js";
import {
  type AuditBufferFullPolicy,
  type PostgresAuditSinkOptions,
  type PostgresAuditSinkSettings,
  resolvePostgresAuditSinkOptions,
} from "./postgres-audit-sink-options.js";
import type { PostgresAuditTable } from "./postgres-audit-table.js";
import { PostgresAuditWriter } from "./postgres-audit-writer.js";

/** A snapshot of the sink's state, for health checks and metrics. */
export interface PostgresAuditSinkStatus {
  /** False from a failed write until the next successful one. */
  readonly available: boolean;
  /** Entries waiting in memory to be written (those blocked by a full buffer included). */
  readonly waitingEntries: number;
  /** Entries written since the sink was created. */
  readonly writtenEntries: number;
  /** Entries of denied calls refused because the buffer was full (each reported). */
  readonly refusedEntries: number;
  /** Room held for calls admitted but not yet recorded (under `"deny"`). */
  readonly reservedEntries: number;
  /** The last write failure, until a write succeeds. */
  readonly lastError?: string;
}

interface BlockedAppend {
  readonly pending: PendingAuditEntry;
  readonly resume: () => void;
}

interface FlushWaiter {
  /** Resolved once this many entries are written. */
  readonly target: number;
  readonly done: () => void;
}

/**
 * An audit sink in PostgreSQL, for many processes and machines writing one trail. Entries are
 * chained exactly like the JSONL file (`chainAuditRecord`: a row's `record` column is a JSONL
 * line), so `verifyPostgresAuditLog` proves nothing was edited, removed or inserted; writers
 * in many processes take turns on a locked chain head, so they extend one chain, never a fork.
 *
 * `append` is cheap: it queues the entry and a background writer inserts queued entries in
 * batches, one transaction each. While PostgreSQL is unreachable, entries wait in a bounded
 * buffer and are written in order when it returns; when the buffer is full, new calls are
 * denied (or blocked, with `onBufferFull: "block"`) and the risk of loss is reported loudly.
 * Call `close()` (or `guard.close()`) before the process exits.
 *
 * @example
 * import pg from "pg";
 * import { createGuard } from "@aumai/connectorguard";
 * import { PostgresAuditSink } from "@aumai/connectorguard/postgres";
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const guard = createGuard({
 *   connectors: [{ name: "refund", version: "1.0.0", rateLimit: 5 }],
 *   audit: new PostgresAuditSink({ pool, table: "connectorguard_audit" }),
 * });
 * // … on shutdown:
 * await guard.close();
 * await pool.end();
 */
export class PostgresAuditSink implements AuditSink {
  readonly table: PostgresAuditTable;
  readonly maxBufferedEntries: number;
  readonly onBufferFull: AuditBufferFullPolicy;
  private readonly settings: PostgresAuditSinkSettings;
  private readonly writer: PostgresAuditWriter;
  private readonly blocked: BlockedAppend[] = [];
  private readonly flushWaiters: FlushWaiter[] = [];
  // Under "block", what reserve() hands out: nothing held, appends go straight to the sink.
  private readonly unheld: AuditReservation = {
    append: (entry) => this.append(entry),
    release: () => {},
  };
  private readonly poolErrorListener = (error: Error) =>
    this.settings.log(
      `connectorguard: PostgreSQL pool error (audit ${this.table.name}): ${error.message}`,
    );
  private accepted = 0;
  private reserved = 0;
  private written = 0;
  private refused = 0;
  private fullReported = false;
  private closed = false;

  constructor(options: PostgresAuditSinkOptions) {
    this.settings = resolvePostgresAuditSinkOptions(options);
    this.table = this.settings.table;
    this.maxBufferedEntries = this.settings.maxBufferedEntries;
    this.onBufferFull = this.settings.onBufferFull;
    this.writer = new PostgresAuditWriter(this.settings, (count) => this.onWritten(count));
    this.settings.pool.on?.("error", this.poolErrorListener);
  }

  /**
   * Queues an entry for the next batch. With a full buffer: under `"block"`, returns a
   * promise that resolves once the entry is queued; under `"deny"`, an entry of an allowed
   * call (it ran: its record must not be lost) is queued anyway, and an entry of a denied
   * call is refused with `AuditStoreError` (`CG_AUDIT_BUFFER_FULL`), which the guard reports.
   */
  append(entry: AuditEntry): void | Promise<void> {
    if (this.closed) {
      throw new AuditStoreError(`PostgreSQL audit sink for ${this.table.name} is closed`);
    }
    const pending: PendingAuditEntry = { entryId: randomUUID(), entry };
    this.accepted++;
    if (!this.full) {
      this.writer.push(pending);
      return;
    }
    this.reportFull();
    if (this.onBufferFull === "block") {
      return new Promise((resolve) => {
        this.blocked.push({ pending, resume: resolve });
      });
    }
    if (entry.result.allowed) {
      this.writer.push(pending);
      return;
    }
    this.accepted--;
    this.refused++;
    throw new AuditStoreError(
      `PostgreSQL audit buffer for ${this.table.name} is full (${this.writer.queue.length} entries waiting); this denial was not stored`,
      { code: ErrorCodes.auditBufferFull },
    );
  }

  /**
   * Under `"deny"`, while the buffer is full: why new calls must be denied. `undefined` means
   * go ahead. The guard asks {@link reserve} instead, which also holds the room.
   */
  unavailableReason(): string | undefined {
    if (this.onBufferFull !== "deny" || !this.full) return undefined;
    this.reportFull();
    const cause = this.writer.lastError === undefined ? "" : `: ${this.writer.lastError}`;
    const held = this.reserved === 0 ? "" : `, ${this.reserved} held for calls in progress`;
    return `audit store unavailable: PostgreSQL audit buffer full (${this.writer.queue.length} entries waiting${held}${cause}); denying (fail closed)`;
  }

  /**
   * Under `"deny"`: holds buffer room for one call's entry, synchronously, when the call is
   * admitted — so however many calls are decided at once (a Redis decision is asynchronous),
   * no more are admitted than the buffer can record. Returns the refusal reason when the
   * buffer (queued entries plus room already held) is full. Under `"block"` nothing is held:
   * the append itself waits for room.
   */
  reserve(): AuditReservation | string {
    if (this.onBufferFull !== "deny") return this.unheld;
    const refusal = this.unavailableReason();
    if (refusal !== undefined) return refusal;
    this.reserved++;
    let used = false;
    const giveBack = (): boolean => {
      if (used) return false;
      used = true;
      this.reserved--;
      return true;
    };
    return {
      append: (entry) => (giveBack() ? this.appendHeld(entry) : this.append(entry)),
      release: () => {
        if (giveBack() && !this.full) this.fullReported = false;
      },
    };
  }

  /** Where the sink stands: availability, waiting entries, counts. */
  get status(): PostgresAuditSinkStatus {
    const lastError = this.writer.lastError;
    return {
      available: this.writer.available,
      waitingEntries: this.writer.queue.length + this.blocked.length,
      writtenEntries: this.written,
      refusedEntries: this.refused,
      reservedEntries: this.reserved,
      ...(lastError === undefined ? {} : { lastError }),
    };
  }

  /**
   * Resolves when every entry appended before the call is written; rejects with
   * `AuditStoreError` if that takes longer than `flushTimeoutMs` (entries keep waiting).
   */
  flush(): Promise<void> {
    const target = this.accepted;
    if (this.written >= target) return Promise.resolve();
    this.writer.retryNow();
    const { flushTimeoutMs } = this.settings;
    return new Promise((resolve, reject) => {
      const waiter: FlushWaiter = {
        target,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.flushWaiters.splice(this.flushWaiters.indexOf(waiter), 1);
        const cause = this.writer.lastError === undefined ? "" : ` (${this.writer.lastError})`;
        reject(
          new AuditStoreError(
            `PostgreSQL audit flush timed out after ${flushTimeoutMs} ms: ${target - this.written} entries still waiting for ${this.table.name}${cause}`,
          ),
        );
      }, flushTimeoutMs);
      this.flushWaiters.push(waiter);
    });
  }

  /**
   * Flushes, then stops accepting entries. Rejects (and says so loudly) when entries could
   * not be written in time: they are lost when the process exits. Does not end the pool.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } catch (error) {
      this.settings.log(
        `connectorguard: AUDIT ENTRIES AT RISK: closing with ${this.status.waitingEntries} entries not written to PostgreSQL table ${this.table.name}; they are lost if the process exits`,
      );
      throw error;
    } finally {
      this.closed = true;
      this.writer.stop();
      // After the flush: what was written (all of it, or what got through) is signed.
      await this.writer.closeSigner();
      this.settings.pool.removeListener?.("error", this.poolErrorListener);
    }
  }

  /** Queues the entry of a call whose room was held: it fits, whatever came since. */
  private appendHeld(entry: AuditEntry): void {
    if (this.closed) {
      throw new AuditStoreError(`PostgreSQL audit sink for ${this.table.name} is closed`);
    }
    this.accepted++;
    this.writer.push({ entryId: randomUUID(), entry });
  }

  private get full(): boolean {
    return (
      this.writer.queue.length + this.reserved >= this.maxBufferedEntries || this.blocked.length > 0
    );
  }

  private onWritten(count: number): void {
    this.written += count;
    while (this.blocked.length > 0 && this.writer.queue.length < this.maxBufferedEntries) {
      const next = this.blocked.shift() as BlockedAppend;
      this.writer.push(next.pending);
      next.resume();
    }
    if (!this.full) this.fullReported = false;
    for (let index = this.flushWaiters.length - 1; index >= 0; index--) {
      const waiter = this.flushWaiters[index] as FlushWaiter;
      if (this.written >= waiter.target) {
        this.flushWaiters.splice(index, 1);
        waiter.done();
      }
    }
  }

  private reportFull(): void {
    if (this.fullReported) return;
    this.fullReported = true;
    const consequence =
      this.onBufferFull === "deny" ? "new calls are DENIED" : "new calls are BLOCKED";
    const cause = this.writer.lastError === undefined ? "" : `: ${this.writer.lastError}`;
    this.settings.log(
      `connectorguard: PostgreSQL audit buffer FULL for ${this.table.name} (${this.writer.queue.length} entries waiting${cause}); ${consequence} until it drains; waiting entries are lost if the process exits`,
    );
  }
}
