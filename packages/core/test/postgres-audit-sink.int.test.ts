import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPostgresAuditTable,
  PostgresAuditSink,
  postgresAuditTable,
  queryPostgresAudit,
  verifyPostgresAuditLog,
} from "../src/postgres.js";
import {
  AuditStoreError,
  auditEntryFromRecord,
  type ChainedAuditRecord,
  ChainVerifier,
  createGuard,
} from "./support/core-internals.js";
import {
  createPool,
  dropAuditTables,
  postgresAvailable,
  uniqueTable,
} from "./support/postgres-service.js";

const available = await postgresAvailable();

const connectors = [
  { name: "search", version: "1.0.0", rateLimit: 1_000 },
  { name: "refund", version: "1.0.0", rateLimit: 1_000, requiredPermissions: ["payments:write"] },
];

describe.skipIf(!available)("PostgresAuditSink on the shared PostgreSQL", () => {
  let pool: pg.Pool;
  const tables: string[] = [];
  const newTable = (label: string) => {
    const table = uniqueTable(label);
    tables.push(table);
    return table;
  };

  /** Records `count` decisions through a guard: agents alternate, every third is denied. */
  async function populate(table: string, count: number): Promise<void> {
    const sink = new PostgresAuditSink({ pool, table, log: () => {} });
    const guard = createGuard({
      connectors,
      agents: { "agent-a": { permissions: ["payments:write"] } },
      audit: sink,
    });
    for (let index = 0; index < count; index++) {
      await guard.check({
        connectorName: index % 3 === 2 ? "refund" : "search",
        sourceAgent: index % 2 === 0 ? "agent-a" : "agent-b",
        inputData: { index },
      });
    }
    await guard.close();
  }

  beforeAll(() => {
    pool = createPool();
  });
  afterAll(async () => {
    for (const table of tables) await dropAuditTables(pool, table);
    await pool.end();
  });

  it("creates its table, indexes and head row, and writes one verifiable chain", async () => {
    const table = newTable("create");
    const sink = new PostgresAuditSink({ pool, table, log: () => {} });
    const guard = createGuard({ connectors, audit: sink });
    await guard.check({ connectorName: "search", sourceAgent: "agent-1", inputData: { q: "a" } });
    await guard.check({ connectorName: "refund", sourceAgent: "agent-1" });
    await guard.execute({ connectorName: "search", sourceAgent: "agent-2" }, () => 42);
    await expect(
      guard.execute({ connectorName: "search", sourceAgent: "agent-2" }, () => {
        throw new TypeError("boom");
      }),
    ).rejects.toThrow("boom");
    await guard.flush();

    const indexes = await pool.query("SELECT indexname FROM pg_indexes WHERE tablename = $1", [
      table,
    ]);
    expect(indexes.rows.map((row) => row.indexname).sort()).toEqual(
      [
        `${table}_agent_idx`,
        `${table}_connector_idx`,
        `${table}_entry_id_key`,
        `${table}_pkey`,
        `${table}_recorded_at_idx`,
      ].sort(),
    );
    const head = await pool.query(`SELECT seq::int AS seq, hash FROM "${table}_head"`);
    expect(head.rows).toHaveLength(1);
    expect(head.rows[0].seq).toBe(4);

    const records = await queryPostgresAudit(pool, { table });
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3, 4]);
    // A row's record is a JSONL line of the same chain: the shared verifier accepts it as is.
    const verifier = new ChainVerifier();
    for (const record of records)
      expect(verifier.push(JSON.parse(JSON.stringify(record)))).toBeUndefined();
    expect(head.rows[0].hash).toBe(verifier.head.hash);
    // And it turns back into the entries the guard recorded.
    expect(records.map((record) => auditEntryFromRecord(record))).toEqual(
      guard.auditLog.allEntries(),
    );
    expect(records[3]?.outcome).toMatchObject({ status: "error", error: "TypeError: boom" });

    expect(await verifyPostgresAuditLog(pool, { table })).toEqual({
      valid: true,
      recordCount: 4,
      head: verifier.head,
    });
    expect(sink.status).toEqual({
      available: true,
      waitingEntries: 0,
      writtenEntries: 4,
      refusedEntries: 0,
      reservedEntries: 0,
    });
  });

  it("queries by time, agent, connector and outcome, pages and orders", async () => {
    const table = newTable("query");
    const before = new Date();
    await populate(table, 30);
    const after = new Date();
    const seqs = (records: ChainedAuditRecord[]) => records.map((record) => record.seq);

    const agentB = await queryPostgresAudit(pool, { table, agent: "agent-b" });
    expect(agentB).toHaveLength(15);
    expect(agentB.every((record) => record.connectionAttempt.sourceAgent === "agent-b")).toBe(true);

    const refunds = await queryPostgresAudit(pool, { table, connector: "refund" });
    expect(refunds).toHaveLength(10);
    const denied = await queryPostgresAudit(pool, { table, outcome: "denied" });
    // agent-b lacks payments:write: its refunds (index 5, 11, 17, 23, 29) are denied.
    expect(
      denied.map((record) => (record.connectionAttempt.inputData as { index: number }).index),
    ).toEqual([5, 11, 17, 23, 29]);
    expect(denied.every((record) => record.result.check === "permission")).toBe(true);
    expect(await queryPostgresAudit(pool, { table, outcome: "allowed" })).toHaveLength(25);
    expect(
      await queryPostgresAudit(pool, {
        table,
        agent: "agent-b",
        connector: "refund",
        outcome: "denied",
      }),
    ).toHaveLength(5);

    // Entries are dated from the monotonic clock, recalibrated to the wall clock once a second,
    // so a date may differ from Date.now() by a little: the bounds allow for it.
    const slack = 1_000;
    const early = new Date(before.getTime() - slack);
    const late = new Date(after.getTime() + slack);
    expect(await queryPostgresAudit(pool, { table, since: early, until: late })).toHaveLength(30);
    expect(await queryPostgresAudit(pool, { table, since: late })).toHaveLength(0);
    expect(await queryPostgresAudit(pool, { table, until: early })).toHaveLength(0);

    const firstPage = await queryPostgresAudit(pool, { table, limit: 12 });
    const secondPage = await queryPostgresAudit(pool, { table, limit: 12, afterSeq: 12 });
    expect(seqs(firstPage)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(seqs(secondPage)).toEqual(Array.from({ length: 12 }, (_, index) => index + 13));
    expect(seqs(await queryPostgresAudit(pool, { table, order: "desc", limit: 3 }))).toEqual([
      30, 29, 28,
    ]);
  });

  it("records calls (ok or error) and finds them by outcome", async () => {
    const table = newTable("outcome");
    const guard = createGuard({
      connectors,
      audit: new PostgresAuditSink({ pool, table, log: () => {} }),
    });
    await guard.execute({ connectorName: "search" }, async () => "fine");
    await guard
      .execute({ connectorName: "search" }, () => {
        throw new RangeError("too far");
      })
      .catch(() => {});
    await guard.close();
    const ok = await queryPostgresAudit(pool, { table, outcome: "ok" });
    const failed = await queryPostgresAudit(pool, { table, outcome: "error" });
    expect(ok.map((record) => record.outcome?.status)).toEqual(["ok"]);
    expect(failed.map((record) => record.outcome?.error)).toEqual(["RangeError: too far"]);
  });

  it("keeps names PostgreSQL text cannot hold exactly in the record, and still verifies", async () => {
    const table = newTable("hostile");
    const sink = new PostgresAuditSink({ pool, table, log: () => {} });
    const entry = (connectorName: string, sourceAgent: string, inputData: unknown) => {
      const timestamp = new Date();
      return {
        connectionAttempt: { connectorName, sourceAgent, inputData, timestamp },
        result: { allowed: true, reason: "all checks passed", latencyMs: 0.01 },
        timestamp,
      };
    };
    const agent = "agent\0with-nul-and-\ud800";
    sink.append(entry("x\0y", agent, { text: "\0\udfff" }));
    sink.append(entry("x\0y", "agent\ufffdwith-nul-and-\ufffd", {}));
    await sink.close();
    const found = await queryPostgresAudit(pool, { table, agent, connector: "x\0y" });
    expect(found).toHaveLength(1);
    expect(found[0]?.connectionAttempt).toMatchObject({
      sourceAgent: agent,
      inputData: { text: "\0\udfff" },
    });
    expect(await queryPostgresAudit(pool, { table, connector: "x\0y" })).toHaveLength(2);
    expect((await verifyPostgresAuditLog(pool, { table })).valid).toBe(true);
  });

  it("verifies while writers keep writing, without a false alarm", async () => {
    const table = newTable("live");
    await populate(table, 1);
    const sink = new PostgresAuditSink({ pool, table, batchSize: 50, log: () => {} });
    const guard = createGuard({ connectors, audit: sink });
    let writing = true;
    const writer = (async () => {
      for (let wave = 0; wave < 40; wave++) {
        await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            guard.check({ connectorName: "search", inputData: { wave, index } }),
          ),
        );
      }
      writing = false;
    })();
    const verifications = [];
    while (writing)
      verifications.push(await verifyPostgresAuditLog(pool, { table, pageSize: 100 }));
    await writer;
    await guard.close();
    expect(verifications.length).toBeGreaterThan(0);
    for (const verification of verifications) expect(verification.valid).toBe(true);
    expect(await verifyPostgresAuditLog(pool, { table })).toMatchObject({
      valid: true,
      recordCount: 2_001,
    });
  });

  describe("verify finds tampering", () => {
    it("an edited record: its hash no longer matches", async () => {
      const table = newTable("tamper_edit");
      await populate(table, 20);
      await pool.query(
        `UPDATE "${table}" SET record = replace(record, '"allowed":false', '"allowed":true') WHERE seq = 6`,
      );
      expect(await verifyPostgresAuditLog(pool, { table })).toMatchObject({
        valid: false,
        recordCount: 5,
        firstBreak: {
          seq: 6,
          reason: "hash does not match the record's content (the record was edited)",
        },
      });
    });

    it("an edited column that queries read, though the record is intact", async () => {
      const table = newTable("tamper_column");
      await populate(table, 20);
      await pool.query(
        `UPDATE "${table}" SET allowed = true, source_agent = 'agent-a' WHERE seq = 12`,
      );
      expect(await verifyPostgresAuditLog(pool, { table })).toMatchObject({
        valid: false,
        recordCount: 11,
        head: { seq: 11 },
        firstBreak: {
          seq: 12,
          reason: "column source_agent disagrees with the hashed record (the row was edited)",
        },
      });
    });

    it("a deleted row in the middle", async () => {
      const table = newTable("tamper_delete");
      await populate(table, 20);
      await pool.query(`DELETE FROM "${table}" WHERE seq = 9`);
      expect(await verifyPostgresAuditLog(pool, { table })).toMatchObject({
        valid: false,
        recordCount: 8,
        firstBreak: { seq: 9, reason: "sequence number jumps from 8 to 10 (records missing)" },
      });
    });

    it("a cut at the end: by the head row, or by a checkpoint once the head is reset too", async () => {
      const table = newTable("tamper_tail");
      await populate(table, 20);
      const intact = await verifyPostgresAuditLog(pool, { table });
      expect(intact).toMatchObject({ valid: true, recordCount: 20 });
      await pool.query(`DELETE FROM "${table}" WHERE seq > 17`);
      expect(await verifyPostgresAuditLog(pool, { table })).toMatchObject({
        valid: false,
        firstBreak: {
          seq: 18,
          reason:
            "the chain head is at seq 20 but the table ends at 17 (records were removed from the end)",
        },
      });
      await pool.query(
        `UPDATE "${table}_head" SET seq = 17, hash = (SELECT hash FROM "${table}" WHERE seq = 17)`,
      );
      expect((await verifyPostgresAuditLog(pool, { table })).valid).toBe(true);
      expect(await verifyPostgresAuditLog(pool, { table, checkpoint: intact.head })).toMatchObject({
        valid: false,
        firstBreak: {
          seq: 18,
          reason:
            "the checkpoint is at seq 20 but the table ends at 17 (records were removed from the end)",
        },
      });
    });

    it("a forged row appended without the audit store", async () => {
      const table = newTable("tamper_append");
      await populate(table, 5);
      await pool.query(
        `INSERT INTO "${table}" SELECT 6, gen_random_uuid(), recorded_at, connector_name, source_agent, allowed, check_name, outcome_status, prev_hash, hash, record FROM "${table}" WHERE seq = 5`,
      );
      expect(await verifyPostgresAuditLog(pool, { table })).toMatchObject({
        valid: false,
        firstBreak: { seq: 6 },
      });
    });

    it("a rewritten chain that no longer holds the checkpoint's record", async () => {
      const table = newTable("tamper_rewrite");
      await populate(table, 5);
      const checkpoint = (await verifyPostgresAuditLog(pool, { table })).head;
      expect((await verifyPostgresAuditLog(pool, { table, checkpoint })).valid).toBe(true);
      const forged = { ...checkpoint, hash: "f".repeat(64) };
      expect(await verifyPostgresAuditLog(pool, { table, checkpoint: forged })).toMatchObject({
        valid: false,
        firstBreak: {
          seq: 5,
          reason: "the record at the checkpoint has a different hash (the chain was rewritten)",
        },
      });
    });
  });

  it("says plainly when the table does not exist", async () => {
    const table = uniqueTable("missing");
    const expected = `PostgreSQL audit table ${table} does not exist (nothing has been recorded there yet, or the table name is wrong)`;
    await expect(queryPostgresAudit(pool, { table })).rejects.toThrow(expected);
    await expect(verifyPostgresAuditLog(pool, { table })).rejects.toSatisfy(
      AuditStoreError.isInstance,
    );
  });

  it("with createTable: false, waits for a migration to create the table, then writes", async () => {
    const table = newTable("migration");
    const lines: string[] = [];
    const sink = new PostgresAuditSink({
      pool,
      table,
      createTable: false,
      retryDelayMs: 20,
      maxRetryDelayMs: 50,
      flushTimeoutMs: 300,
      log: (line) => lines.push(line),
    });
    const guard = createGuard({ connectors, audit: sink });
    await guard.check({ connectorName: "search" });
    await expect(sink.flush()).rejects.toThrow(
      /flush timed out after 300 ms: 1 entries still waiting/,
    );
    expect(lines[0]).toContain(`PostgreSQL audit table ${table} does not exist`);
    expect(sink.status).toMatchObject({ available: false, waitingEntries: 1 });

    await createPostgresAuditTable(pool, postgresAuditTable(table));
    await guard.close();
    expect(await queryPostgresAudit(pool, { table })).toHaveLength(1);
  });

  it("refuses a table that is not a ConnectorGuard audit table", async () => {
    const table = newTable("foreign");
    await pool.query(`CREATE TABLE "${table}" (id int)`);
    await expect(createPostgresAuditTable(pool, postgresAuditTable(table))).rejects.toThrow(
      `PostgreSQL table ${table} exists but is not a ConnectorGuard audit table`,
    );
  });
});
