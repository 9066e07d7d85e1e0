/** The part of a query result the PostgreSQL audit store reads. */
export interface PostgresQueryResult {
  readonly rows: unknown[];
}

/** Anything that runs a parameterized query: a `pg` `Pool`, `Client` or `PoolClient`. */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
}

/** A connection checked out of a pool, held for one transaction. */
export interface PostgresPoolClient extends PostgresQueryable {
  /** Returns the connection; given an error, the pool discards it instead. */
  release(error?: Error | boolean): void;
  /** A checked-out `pg` client emits `"error"` when its connection drops. */
  on?(event: "error", listener: (error: Error) => void): unknown;
  removeListener?(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * The `pg` `Pool` methods the PostgreSQL audit store calls. A `pg.Pool` you built satisfies
 * it as it is; the store never creates, configures or ends your pool.
 *
 * @example
 * import pg from "pg";
 * const pool: PostgresPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 */
export interface PostgresPool extends PostgresQueryable {
  connect(): Promise<PostgresPoolClient>;
  /** Subscribed to `"error"` so a dropped idle connection is reported, not fatal. */
  on?(event: "error", listener: (error: Error) => void): unknown;
  removeListener?(event: "error", listener: (error: Error) => void): unknown;
}
