import { InvalidOptionError } from "../errors/invalid-option-error.js";
import {
  type AuditSigningOptions,
  type AuditSigningSettings,
  resolveAuditSigningOptions,
} from "./audit-signing-options.js";
import { type PostgresAuditTable, postgresAuditTable } from "./postgres-audit-table.js";
import type { PostgresPool } from "./postgres-pool.js";

/**
 * What a full buffer does to new calls: `"deny"` them (fail closed, the default) or `"block"`
 * them until there is room.
 */
export type AuditBufferFullPolicy = "deny" | "block";

/** Options of `PostgresAuditSink`. */
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
  /**
   * Sign checkpoints of the rows this sink writes with an Ed25519 key, into
   * `<table>_checkpoints`, on a schedule and on close (see `verifyPostgresAuditLog`'s
   * `publicKey`).
   */
  readonly signing?: AuditSigningOptions;
}

/** {@link PostgresAuditSinkOptions} checked, with every default filled in. */
export interface PostgresAuditSinkSettings {
  readonly pool: PostgresPool;
  readonly table: PostgresAuditTable;
  readonly createTable: boolean;
  readonly batchSize: number;
  readonly maxBufferedEntries: number;
  readonly onBufferFull: AuditBufferFullPolicy;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly flushTimeoutMs: number;
  readonly log: (line: string) => void;
  readonly signing?: AuditSigningSettings;
}

/**
 * Checks a sink's options, naming the first bad one, and fills in the defaults.
 *
 * @example
 * resolvePostgresAuditSinkOptions({ pool }).maxBufferedEntries; // 10000
 */
export function resolvePostgresAuditSinkOptions(
  options: PostgresAuditSinkOptions,
): PostgresAuditSinkSettings {
  const pool = options?.pool as Partial<PostgresPool> | undefined;
  if (typeof pool?.query !== "function" || typeof pool.connect !== "function") {
    throw new InvalidOptionError(
      "PostgresAuditSink needs { pool }: a pg Pool (an object with query and connect)",
    );
  }
  const onBufferFull = options.onBufferFull ?? "deny";
  if (onBufferFull !== "deny" && onBufferFull !== "block") {
    throw new InvalidOptionError(
      `onBufferFull must be "deny" or "block" (got ${JSON.stringify(options.onBufferFull)})`,
    );
  }
  return {
    pool: options.pool,
    table: postgresAuditTable(options.table),
    createTable: options.createTable ?? true,
    batchSize: positiveInteger("batchSize", options.batchSize, 500),
    maxBufferedEntries: positiveInteger("maxBufferedEntries", options.maxBufferedEntries, 10_000),
    onBufferFull,
    retryDelayMs: positiveInteger("retryDelayMs", options.retryDelayMs, 100),
    maxRetryDelayMs: positiveInteger("maxRetryDelayMs", options.maxRetryDelayMs, 5_000),
    flushTimeoutMs: positiveInteger("flushTimeoutMs", options.flushTimeoutMs, 30_000),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    ...(options.signing === undefined
      ? {}
      : { signing: resolveAuditSigningOptions(options.signing) }),
  };
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1) {
    throw new InvalidOptionError(`${name} must be an integer >= 1 (got ${value})`);
  }
  return chosen;
}
