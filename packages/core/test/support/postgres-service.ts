import { randomBytes } from "node:crypto";
import pg from "pg";
import { missingService } from "./missing-service.js";

/** The shared PostgreSQL the integration tests use (each run uses tables of its own). */
export const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A table name no other test run uses. */
export function uniqueTable(label: string): string {
  return `cg_test_${label}_${randomBytes(5).toString("hex")}`;
}

/** A pool that reports (rather than crashes on) a dropped idle connection. */
export function createPool(connectionString: string = databaseUrl, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 2_000 });
  pool.on("error", () => {});
  return pool;
}

/**
 * Whether PostgreSQL answers at `url`; prints why the PostgreSQL tests are skipped when not
 * (and throws with `CI=true`, where a missing PostgreSQL fails the run).
 */
export async function postgresAvailable(url: string = databaseUrl): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    return missingService(
      "PostgreSQL tests",
      `no PostgreSQL at ${url} (${(error as Error).message || String(error)}); set DATABASE_URL or start PostgreSQL`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops a test's audit table, its head table and its checkpoints table. */
export async function dropAuditTables(pool: pg.Pool, table: string): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS "${table}", "${table}_head", "${table}_checkpoints"`);
}
