import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryPostgresAudit, verifyPostgresAuditLog } from "../src/postgres.js";
import {
  createPool,
  databaseUrl,
  dropAuditTables,
  postgresAvailable,
  uniqueTable,
} from "./support/postgres-service.js";

const available = await postgresAvailable();
const writerScript = fileURLToPath(new URL("./fixtures/audit-writer.mjs", import.meta.url));

function runWriter(table: string, writer: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(writerScript, [], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        TABLE: table,
        WRITER: String(writer),
        COUNT: String(count),
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`writer ${writer} exited with code ${code}`)),
    );
  });
}

describe.skipIf(!available)("PostgresAuditSink with 4 writer processes", () => {
  let pool: pg.Pool;
  const table = uniqueTable("multi_writer");

  beforeAll(() => {
    pool = createPool();
  });
  afterAll(async () => {
    await dropAuditTables(pool, table);
    await pool.end();
  });

  it("stores all 4 × 2,500 entries in one chain that verifies, each writer's in its order", async () => {
    // All four start on a missing table: creating it is part of the race.
    await Promise.all([0, 1, 2, 3].map((writer) => runWriter(table, writer, 2_500)));

    const verification = await verifyPostgresAuditLog(pool, { table });
    expect(verification).toMatchObject({ valid: true, recordCount: 10_000, head: { seq: 10_000 } });

    const seen = new Map<string, number[]>();
    let afterSeq = 0;
    for (;;) {
      const page = await queryPostgresAudit(pool, { table, afterSeq, limit: 5_000 });
      if (page.length === 0) break;
      for (const record of page) {
        const { writer, index } = record.connectionAttempt.inputData as {
          writer: string;
          index: number;
        };
        seen.set(writer, [...(seen.get(writer) ?? []), index]);
        afterSeq = record.seq;
      }
    }
    expect([...seen.keys()].sort()).toEqual(["0", "1", "2", "3"]);
    for (const indexes of seen.values()) {
      // Each writer's entries are all there, once, in the order it recorded them.
      expect(indexes).toEqual(Array.from({ length: 2_500 }, (_, index) => index));
    }

    // The writers took turns: one chain, not four appended one after another.
    const firstRecords = await queryPostgresAudit(pool, { table, limit: 2_600 });
    const writers = new Set(firstRecords.map((record) => record.connectionAttempt.sourceAgent));
    expect(writers.size).toBeGreaterThan(1);

    // Whitespace changes no value, but the row is no longer the writer's exact bytes: refused
    // (a record that parses alike yet differs could read differently to another parser).
    await pool.query(
      `UPDATE "${table}" SET record = replace(record, '"index":', '"index": ') WHERE seq = 7320`,
    );
    expect(await verifyPostgresAuditLog(pool, { table })).toMatchObject({
      valid: false,
      recordCount: 7_319,
      firstBreak: {
        seq: 7_320,
        reason: expect.stringMatching(/not the writer's exact serialization/),
      },
    });
    await pool.query(
      `UPDATE "${table}" SET record = replace(record, '"index": ', '"index":') WHERE seq = 7320`,
    );
    expect((await verifyPostgresAuditLog(pool, { table })).valid).toBe(true);
    await pool.query(
      `UPDATE "${table}" SET record = replace(record, '"index":', '"index":1') WHERE seq = 7321`,
    );
    expect(await verifyPostgresAuditLog(pool, { table })).toMatchObject({
      valid: false,
      recordCount: 7_320,
      firstBreak: {
        seq: 7_321,
        reason: "hash does not match the record's content (the record was edited)",
      },
    });
  }, 120_000);
});
