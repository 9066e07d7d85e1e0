import type { PostgresPool, PostgresPoolClient } from "./postgres-pool.js";

/**
 * Runs `work` in one transaction on a connection of `pool`: BEGIN, then COMMIT, or ROLLBACK
 * when it throws (the error is rethrown). A connection that failed is handed back as broken,
 * so the pool replaces it; while it is held, a drop of the connection is not an uncaught
 * `error` event (the failing query rejects, and that is where it is handled).
 *
 * @example
 * const count = await inPostgresTransaction(pool, async (client) => {
 *   const result = await client.query("SELECT count(*) FROM connectorguard_audit");
 *   return Number((result.rows[0] as { count: string }).count);
 * });
 */
export async function inPostgresTransaction<Result>(
  pool: PostgresPool,
  work: (client: PostgresPoolClient) => Promise<Result>,
): Promise<Result> {
  const client = await pool.connect();
  const ignoreDrop = () => {};
  client.on?.("error", ignoreDrop);
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.removeListener?.("error", ignoreDrop);
    client.release(broken);
  }
}
