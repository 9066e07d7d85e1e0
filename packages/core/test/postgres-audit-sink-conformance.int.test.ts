import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { auditEntryFromRecord } from "../src/index.js";
import { PostgresAuditSink, queryPostgresAudit } from "../src/postgres.js";
import { describeAuditSink } from "../src/testing.js";
import {
  createPool,
  dropAuditTables,
  postgresAvailable,
  uniqueTable,
} from "./support/postgres-service.js";

const available = await postgresAvailable();

if (available) {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createPool();
  });
  afterAll(async () => {
    await pool.end();
  });

  describeAuditSink("PostgresAuditSink", async () => {
    const table = uniqueTable("conformance");
    const sink = new PostgresAuditSink({ pool, table, log: () => {} });
    return {
      sink,
      readBack: async () => {
        const records = await queryPostgresAudit(pool, { table, limit: 100_000 }).catch(
          (error: unknown) => {
            // Nothing was ever written: the sink creates its table on first use.
            if (String(error).includes("does not exist")) return [];
            throw error;
          },
        );
        return records.map(auditEntryFromRecord);
      },
      dispose: () => dropAuditTables(pool, table),
    };
  });
}
