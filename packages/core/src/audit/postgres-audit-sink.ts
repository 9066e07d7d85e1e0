import { randomUUID } from "node:crypto";
import { AuditStoreError } from "../errors/audit-store-error.js";
import { ErrorCodes } from "../errors/error-codes.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { AuditEntry } from "./audit-entry.js";
import type { AuditSink } from "./audit-sink.js";
import { appendPostgresAuditBatch, type PendingAuditEntry } from "./postgres-audit-batch.js";
import {
  checkPostgresAuditColumns,
  createPostgresAuditTable,
  type PostgresAuditTable,
  postgresAuditTable,
} from "./postgres-audit-table.js";
import type { PostgresPool } from "./postgres-pool.js";

/**
 * What a full buffer does to new calls: `"deny"` them (fail closed, the default) or `"block"`
 * them until there is room.
 */
export type AuditBufferFullPolicy = "deny" | "block";

/** Options of {@link PostgresAuditSink}. */
export interface PostgresAuditSinkOptions {
  /** A `pg` `Pool` you built (and end yourself, after `close()`). */
  readonly pool: PostgresPool;
  /** `name` or `schema.name`. Default `connectorguard_audit`. */
  readonly table?: string;
  /**
   * Create the table, its indexes and its head row if missing (default `true`). With `false`
   * they must exist (e.g. made by a migration with `createPostgresAuditTable`); only their
   * columns are checked, so the pool's role needs no DDL rights.
   */
  readonly createTable?: boolean;
  /** Most entries written in one transaction. Default 500. */
  readonly batchSize?: number;
  /** Entries kept in memory while PostgreSQL is slow or down. Default 10 000. */
  readonly maxBufferedEntries?: number;
  /** What happens to new calls when the buffer is full. Default `"deny"`. */
  readonly onBufferFull?: AuditBufferFullPolicy;
  /** First wait before retrying a failed write, in ms; doubles up to `maxRetryDelayMs`. Default 100. */
  readonly retryDelayMs?: number;
  /** Longest wait between retries, in ms. Default 5 000. */
  readonly maxRetryDelayMs?: number;
  /** How long `flush()` and `close()` wait for waiting entries to be written, in ms. Default 30 000. */
  readonly flushTimeoutMs?: number;
  /** Where outages, a full buffer and recoveries are reported. Default: a line on stderr. */
  readonly log?: (line: string) => void;
}

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
  /** The last write failure, until a write succeeds. */
  readonly lastError?: string;
}

interface BlockedAppend {
  readonly pending: PendingAuditEntry;
  readonly resume: () => void;
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
  readonly batchSize: number;
  readonly maxBufferedEntries: number;
  readonly onBufferFull: AuditBufferFullPolicy;
  private readonly createTable: boolean;
  private readonly pool: PostgresPool;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly flushTimeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly poolErrorListener = (error: Error) =>
    this.log(`connectorguard: PostgreSQL pool error (audit ${this.table.name}): ${error.message}`);

  private buffer: PendingAuditEntry[] = [];
  private readonly blocked: BlockedAppend[] = [];
  private tableReady = false;
  private writing = false;
  private writeScheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private currentRetryDelayMs: number;
  private failedSince: number | undefined;
  private lastError: string | undefined;
  private fullReported = false;
  private closed = false;
  private accepted = 0;
  private written = 0;
  private refused = 0;
  private readonly flushWaiters: { readonly target: number; readonly done: () => void }[] = [];

  constructor(options: PostgresAuditSinkOptions) {
    const pool = options?.pool as Partial<PostgresPool> | undefined;
    if (typeof pool?.query !== "function" || typeof pool.connect !== "function") {
      throw new InvalidOptionError(
        "PostgresAuditSink needs { pool }: a pg Pool (an object with query and connect)",
      );
    }
    this.pool = options.pool;
    this.table = postgresAuditTable(options.table);
    this.createTable = options.createTable ?? true;
    this.batchSize = positiveInteger("batchSize", options.batchSize, 500);
    this.maxBufferedEntries = positiveInteger(
      "maxBufferedEntries",
      options.maxBufferedEntries,
      10_000,
    );
    this.onBufferFull = options.onBufferFull ?? "deny";
    if (this.onBufferFull !== "deny" && this.onBufferFull !== "block") {
      throw new InvalidOptionError(
        `onBufferFull must be "deny" or "block" (got ${JSON.stringify(options.onBufferFull)})`,
      );
    }
    this.retryDelayMs = positiveInteger("retryDelayMs", options.retryDelayMs, 100);
    this.maxRetryDelayMs = positiveInteger("maxRetryDelayMs", options.maxRetryDelayMs, 5_000);
    this.flushTimeoutMs = positiveInteger("flushTimeoutMs", options.flushTimeoutMs, 30_000);
    this.currentRetryDelayMs = this.retryDelayMs;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.pool.on?.("error", this.poolErrorListener);
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
    if (this.buffer.length < this.maxBufferedEntries && this.blocked.length === 0) {
      this.enqueue(pending);
      return;
    }
    this.reportFull();
    if (this.onBufferFull === "block") {
      this.accepted++;
      return new Promise((resolve) => {
        this.blocked.push({ pending, resume: resolve });
      });
    }
    if (entry.result.allowed) {
      this.enqueue(pending);
      return;
    }
    this.refused++;
    throw new AuditStoreError(
      `PostgreSQL audit buffer for ${this.table.name} is full (${this.buffer.length} entries waiting); this denial was not stored`,
      { code: ErrorCodes.auditBufferFull },
    );
  }

  /**
   * Under `"deny"`, while the buffer is full: why new calls must be denied. The guard asks
   * before it runs a call; `undefined` means go ahead.
   */
  unavailableReason(): string | undefined {
    if (this.onBufferFull !== "deny" || this.buffer.length < this.maxBufferedEntries) {
      return undefined;
    }
    this.reportFull();
    const cause = this.lastError === undefined ? "" : `: ${this.lastError}`;
    return `audit store unavailable: PostgreSQL audit buffer full (${this.buffer.length} entries waiting${cause}); denying (fail closed)`;
  }

  /** Where the sink stands: availability, waiting entries, counts. */
  get status(): PostgresAuditSinkStatus {
    return {
      available: this.failedSince === undefined,
      waitingEntries: this.buffer.length + this.blocked.length,
      writtenEntries: this.written,
      refusedEntries: this.refused,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /**
   * Resolves when every entry appended before the call is written; rejects with
   * `AuditStoreError` if that takes longer than `flushTimeoutMs` (entries keep waiting).
   */
  flush(): Promise<void> {
    const target = this.accepted;
    if (this.written >= target) return Promise.resolve();
    this.retryNow();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.flushWaiters.indexOf(waiter);
        if (index >= 0) this.flushWaiters.splice(index, 1);
        reject(
          new AuditStoreError(
            `PostgreSQL audit flush timed out after ${this.flushTimeoutMs} ms: ${target - this.written} entries still waiting for ${this.table.name}${this.lastError === undefined ? "" : ` (${this.lastError})`}`,
          ),
        );
      }, this.flushTimeoutMs);
      const waiter = {
        target,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
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
      const waiting = this.buffer.length + this.blocked.length;
      this.log(
        `connectorguard: AUDIT ENTRIES AT RISK: closing with ${waiting} entries not written to PostgreSQL table ${this.table.name}; they are lost if the process exits`,
      );
      throw error;
    } finally {
      this.closed = true;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.pool.removeListener?.("error", this.poolErrorListener);
    }
  }

  private enqueue(pending: PendingAuditEntry): void {
    this.buffer.push(pending);
    this.accepted++;
    this.scheduleWrite();
  }

  private scheduleWrite(): void {
    if (this.writing || this.writeScheduled || this.retryTimer !== undefined) return;
    this.writeScheduled = true;
    // Waiting one turn of the event loop lets a burst of appends share one transaction.
    setImmediate(() => {
      this.writeScheduled = false;
      void this.writeAll();
    });
  }

  private retryNow(): void {
    if (this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.scheduleWrite();
  }

  private async writeAll(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer.slice(0, this.batchSize);
        try {
          if (!this.tableReady) {
            if (this.createTable) await createPostgresAuditTable(this.pool, this.table);
            else await checkPostgresAuditColumns(this.pool, this.table);
            this.tableReady = true;
          }
          await appendPostgresAuditBatch(
            this.pool,
            this.table,
            batch,
            this.failedSince !== undefined,
          );
        } catch (error) {
          this.onWriteFailure(error);
          return;
        }
        this.buffer.splice(0, batch.length);
        this.written += batch.length;
        this.onWriteSuccess();
      }
    } finally {
      this.writing = false;
    }
  }

  private onWriteSuccess(): void {
    if (this.failedSince !== undefined) {
      const seconds = ((Date.now() - this.failedSince) / 1000).toFixed(1);
      this.log(
        `connectorguard: PostgreSQL audit store ${this.table.name} available again after ${seconds}s; writing ${this.buffer.length + this.blocked.length} waiting entries in order`,
      );
    }
    this.failedSince = undefined;
    this.lastError = undefined;
    this.currentRetryDelayMs = this.retryDelayMs;
    while (this.blocked.length > 0 && this.buffer.length < this.maxBufferedEntries) {
      const next = this.blocked.shift() as BlockedAppend;
      this.buffer.push(next.pending);
      next.resume();
    }
    if (this.buffer.length < this.maxBufferedEntries) this.fullReported = false;
    for (let index = this.flushWaiters.length - 1; index >= 0; index--) {
      const waiter = this.flushWaiters[index] as (typeof this.flushWaiters)[number];
      if (this.written >= waiter.target) {
        this.flushWaiters.splice(index, 1);
        waiter.done();
      }
    }
  }

  private onWriteFailure(error: unknown): void {
    const message = describeCause(error);
    if (this.failedSince === undefined) {
      this.failedSince = Date.now();
      this.log(
        `connectorguard: PostgreSQL audit store unavailable (${message}); ${this.buffer.length + this.blocked.length} entries waiting in memory (at most ${this.maxBufferedEntries}), retrying`,
      );
    } else if (message !== this.lastError) {
      this.log(`connectorguard: PostgreSQL audit store still unavailable: ${message}`);
    }
    this.lastError = message;
    if (this.closed) return;
    const delay = this.currentRetryDelayMs;
    this.currentRetryDelayMs = Math.min(this.maxRetryDelayMs, this.currentRetryDelayMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.scheduleWrite();
    }, delay);
  }

  private reportFull(): void {
    if (this.fullReported) return;
    this.fullReported = true;
    const consequence =
      this.onBufferFull === "deny" ? "new calls are DENIED" : "new calls are BLOCKED";
    this.log(
      `connectorguard: PostgreSQL audit buffer FULL for ${this.table.name} (${this.buffer.length} entries waiting${this.lastError === undefined ? "" : `: ${this.lastError}`}); ${consequence} until it drains; waiting entries are lost if the process exits`,
    );
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1) {
    throw new InvalidOptionError(`${name} must be an integer >= 1 (got ${value})`);
  }
  return chosen;
}

/** A failure's message, falling back on its code (a refused connection may have no message). */
function describeCause(error: unknown): string {
  if (error instanceof AggregateError && error.message === "") {
    const first = error.errors[0] as { message?: string } | undefined;
    if (first?.message) return first.message;
  }
  if (error instanceof Error && error.message !== "") return error.message;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : String(error);
}
