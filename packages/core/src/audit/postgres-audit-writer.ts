import { CheckpointSigner } from "./checkpoint-signer.js";
import { appendPostgresAuditBatch, type PendingAuditEntry } from "./postgres-audit-batch.js";
import { describeDatabaseError } from "./postgres-audit-failure.js";
import {
  checkPostgresAuditColumns,
  checkPostgresCheckpointColumns,
  createPostgresAuditTable,
} from "./postgres-audit-schema.js";
import type { PostgresAuditSinkSettings } from "./postgres-audit-sink-options.js";
import { formatSignedCheckpoint } from "./signed-checkpoint.js";

/**
 * The background writer of `PostgresAuditSink`: takes queued entries in order, a batch per
 * transaction, one transaction at a time; on failure keeps them, says so once, and retries
 * with a doubling delay until PostgreSQL answers again.
 *
 * @example
 * const writer = new PostgresAuditWriter(settings, (count) => console.log(`${count} written`));
 * writer.push({ entryId: randomUUID(), entry });
 */
export class PostgresAuditWriter {
  /** Entries waiting to be written, oldest first. */
  readonly queue: PendingAuditEntry[] = [];
  private readonly settings: PostgresAuditSinkSettings;
  private readonly onWritten: (count: number) => void;
  private tableReady = false;
  private writing = false;
  private scheduled = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private failedSince: number | undefined;
  private failure: string | undefined;
  private readonly signer: CheckpointSigner | undefined;

  constructor(settings: PostgresAuditSinkSettings, onWritten: (count: number) => void) {
    this.settings = settings;
    this.onWritten = onWritten;
    this.retryDelayMs = settings.retryDelayMs;
    const { pool, table, signing } = settings;
    this.signer =
      signing === undefined
        ? undefined
        : new CheckpointSigner(
            signing,
            async (checkpoint) => {
              await pool.query(
                `INSERT INTO ${table.checkpoints} (seq, signature, checkpoint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
                [checkpoint.seq, checkpoint.signature, formatSignedCheckpoint(checkpoint)],
              );
            },
            (error) =>
              settings.log(
                `connectorguard: AUDIT SIGNATURE WRITE FAILED for ${table.name}: ${describeDatabaseError(error)}; the next checkpoint covers these entries`,
              ),
          );
  }

  /** Signs the entries written and not yet signed, and waits for the checkpoint to be stored. */
  closeSigner(): Promise<void> {
    return this.signer?.close() ?? Promise.resolve();
  }

  /** False from a failed write until the next successful one. */
  get available(): boolean {
    return this.failedSince === undefined;
  }

  /** Why the last write failed, until one succeeds. */
  get lastError(): string | undefined {
    return this.failure;
  }

  /** Queues an entry for the next batch. */
  push(pending: PendingAuditEntry): void {
    this.queue.push(pending);
    this.schedule();
  }

  /** Skips the wait before the next retry (when someone is waiting for a flush). */
  retryNow(): void {
    if (this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.schedule();
  }

  /** Stops retrying; what is queued stays queued. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private schedule(): void {
    if (this.stopped || this.writing || this.scheduled || this.retryTimer !== undefined) return;
    this.scheduled = true;
    // One turn of the event loop lets a burst of appends share one transaction.
    setImmediate(() => {
      this.scheduled = false;
      void this.writeQueued();
    });
  }

  private async writeQueued(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const batch = this.queue.slice(0, this.settings.batchSize);
        try {
          await this.ensureTable();
          const head = await appendPostgresAuditBatch(
            this.settings.pool,
            this.settings.table,
            batch,
            !this.available,
          );
          this.signer?.stored(head.firstSeq, head.seq, head);
        } catch (error) {
          this.failed(error);
          return;
        }
        this.queue.splice(0, batch.length);
        this.succeeded();
        this.onWritten(batch.length);
      }
    } finally {
      this.writing = false;
    }
  }

  private async ensureTable(): Promise<void> {
    if (this.tableReady) return;
    const { pool, table } = this.settings;
    if (this.settings.createTable) await createPostgresAuditTable(pool, table);
    else {
      await checkPostgresAuditColumns(pool, table);
      if (this.settings.signing !== undefined) await checkPostgresCheckpointColumns(pool, table);
    }
    this.tableReady = true;
  }

  private succeeded(): void {
    if (this.failedSince !== undefined) {
      const seconds = ((Date.now() - this.failedSince) / 1000).toFixed(1);
      this.settings.log(
        `connectorguard: PostgreSQL audit store ${this.settings.table.name} available again after ${seconds}s; writing ${this.queue.length} waiting entries in order`,
      );
    }
    this.failedSince = undefined;
    this.failure = undefined;
    this.retryDelayMs = this.settings.retryDelayMs;
  }

  private failed(error: unknown): void {
    const message = describeDatabaseError(error);
    if (this.failedSince === undefined) {
      this.failedSince = Date.now();
      this.settings.log(
        `connectorguard: PostgreSQL audit store unavailable (${message}); ${this.queue.length} entries waiting in memory (at most ${this.settings.maxBufferedEntries}), retrying`,
      );
    } else if (message !== this.failure) {
      this.settings.log(`connectorguard: PostgreSQL audit store still unavailable: ${message}`);
    }
    this.failure = message;
    if (this.stopped) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.settings.maxRetryDelayMs, this.retryDelayMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.schedule();
    }, delay);
  }
}
