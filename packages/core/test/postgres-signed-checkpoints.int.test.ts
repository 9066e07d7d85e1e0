import { generateKeyPairSync, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendPostgresAuditBatch } from "../src/audit/postgres-audit-batch.js";
import { runCli } from "../src/cli/commands/run-cli.js";
import { createGuard } from "../src/index.js";
import {
  checkPostgresCheckpointColumns,
  createPostgresAuditTable,
  PostgresAuditSink,
  postgresAuditTable,
  verifyPostgresAuditLog,
} from "../src/postgres.js";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import { memoryIo } from "./support/memory-io.js";
import {
  createPool,
  databaseUrl,
  dropAuditTables,
  postgresAvailable,
  uniqueTable,
} from "./support/postgres-service.js";

const available = await postgresAvailable();
const temporaryFolder = useTemporaryFolder();
const { privateKey, publicKey } = generateKeyPairSync("ed25519");

describe.skipIf(!available)("PostgreSQL audit integrity", () => {
  let pool: pg.Pool;
  const tables: string[] = [];
  const newTable = (label: string) => {
    const table = uniqueTable(label);
    tables.push(table);
    return table;
  };

  async function signedTable(count: number): Promise<string> {
    const table = newTable("signed");
    const guard = createGuard({
      connectors: [{ name: "search", version: "1", requiredPermissions: ["web:read"] }],
      agents: { "research-bot": { permissions: ["web:read"] } },
      audit: new PostgresAuditSink({
        pool,
        table,
        log: () => {},
        signing: { privateKey, everyEntries: 5 },
      }),
    });
    for (let index = 0; index < count; index++) {
      await guard.check({
        connectorName: "search",
        sourceAgent: index % 3 === 0 ? "intruder" : "research-bot",
        inputData: { index },
      });
      if (index % 4 === 3) await guard.flush();
    }
    await guard.close();
    return table;
  }

  beforeAll(() => {
    pool = createPool();
  });

  afterAll(async () => {
    for (const table of tables) await dropAuditTables(pool, table);
    await pool.end();
  });

  it("vouches for every row the sinks wrote, and reports forged rows after them as unsigned", async () => {
    const table = await signedTable(12);
    const signed = await verifyPostgresAuditLog(pool, { table, publicKey });
    expect(signed).toMatchObject({
      valid: true,
      recordCount: 12,
      signatures: { unsigned: [], unsignedEntries: 0, problems: [], signedThrough: { seq: 12 } },
    });

    // Someone with database access but no key appends correctly chained rows.
    const forged = [0, 1, 2].map((index) => ({ entryId: randomUUID(), entry: sampleEntry(index) }));
    await appendPostgresAuditBatch(pool, postgresAuditTable(table), forged, false);
    expect((await verifyPostgresAuditLog(pool, { table })).valid).toBe(true);
    const after = await verifyPostgresAuditLog(pool, { table, publicKey });
    expect(after.valid).toBe(false);
    expect(after.signatures).toMatchObject({
      signedThrough: { seq: 12 },
      unsigned: [{ from: 13, to: 15 }],
      unsignedEntries: 3,
    });

    const keyFile = join(await temporaryFolder(), "audit.pub.pem");
    await writeFile(keyFile, publicKey.export({ type: "spki", format: "pem" }));
    const cli = memoryIo();
    const args = ["verify", "--postgres", databaseUrl, "--table", table, "--public-key", keyFile];
    expect(await runCli(args, cli.io)).toBe(1);
    expect(cli.written.stdout).toContain(
      "UNSIGNED: 3 entries not covered by a signed checkpoint: seq 13-15 (last signed point: seq 12, signed ",
    );
  });

  it("refuses a record edited with a duplicate key that JSON.parse would hide", async () => {
    const table = await signedTable(3);
    // seq 1 is a denied call (the intruder): put an "allowed": true in front of its "allowed": false.
    const { rows } = await pool.query(`SELECT record FROM "${table}" WHERE seq = 1`);
    const record = (rows[0] as { record: string }).record;
    expect(JSON.parse(record).result.allowed).toBe(false);
    const forged = record.replace('"result":{', '"result":{"allowed":true,');
    expect(JSON.parse(forged)).toEqual(JSON.parse(record));
    await pool.query(`UPDATE "${table}" SET record = $1 WHERE seq = 1`, [forged]);
    const verification = await verifyPostgresAuditLog(pool, { table });
    expect(verification.valid).toBe(false);
    expect(verification.firstBreak).toEqual({
      seq: 1,
      reason: expect.stringMatching(/not the writer's exact serialization/),
    });
  });

  it("names the missing checkpoints table when a sink that signs may not create it", async () => {
    const table = newTable("nocheckpoints");
    await createPostgresAuditTable(pool, postgresAuditTable(table));
    await pool.query(`DROP TABLE "${table}_checkpoints"`);
    await expect(checkPostgresCheckpointColumns(pool, postgresAuditTable(table))).rejects.toThrow(
      `PostgreSQL table ${table}_checkpoints does not exist: a sink that signs checkpoints needs it`,
    );
    const lines: string[] = [];
    const sink = new PostgresAuditSink({
      pool,
      table,
      createTable: false,
      log: (line) => lines.push(line),
      signing: { privateKey },
      flushTimeoutMs: 300,
    });
    sink.append(sampleEntry(1));
    await expect(sink.flush()).rejects.toThrow(/flush timed out/);
    expect(lines.join("\n")).toContain(`${table}_checkpoints does not exist`);
    await sink.close().catch(() => {});
  });
});
