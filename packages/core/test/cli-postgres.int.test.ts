import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/commands/run-cli.js";
import { createGuard } from "../src/index.js";
import { PostgresAuditSink } from "../src/postgres.js";
import { memoryIo } from "./support/memory-io.js";
import {
  createPool,
  databaseUrl,
  dropAuditTables,
  postgresAvailable,
  uniqueTable,
} from "./support/postgres-service.js";
import { spawnCli } from "./support/spawn-cli.js";

// Prints why the tests below are skipped when PostgreSQL is not reachable.
const available = await postgresAvailable();

describe.skipIf(!available)("connectorguard audit / verify --postgres", () => {
  let pool: pg.Pool;
  const table = uniqueTable("cli");
  const cwd = mkdtempSync(join(tmpdir(), "cg-cli-pg-"));

  beforeAll(async () => {
    pool = createPool();
    const guard = createGuard({
      connectors: [{ name: "search", version: "1", requiredPermissions: ["web:read"] }],
      agents: { "research-bot": { permissions: ["web:read"] } },
      audit: new PostgresAuditSink({ pool, table }),
    });
    await guard.check({ connectorName: "search", sourceAgent: "research-bot" });
    await guard.check({ connectorName: "search", sourceAgent: "intruder" });
    await guard.check({ connectorName: "shell", sourceAgent: "research-bot" });
    await guard.flush();
  });

  afterAll(async () => {
    await dropAuditTables(pool, table);
    await pool.end();
  });

  it("lists the entries, filtered in the database", async () => {
    const all = await spawnCli(cwd, ["audit", "--postgres", databaseUrl, "--table", table]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(
      `3 entries in the last 1h (1 allowed, 2 denied) from PostgreSQL table ${table}`,
    );
    const denied = await spawnCli(cwd, [
      "audit",
      "--postgres",
      databaseUrl,
      "--table",
      table,
      "--denied",
      "--agent",
      "intruder",
      "--output",
      "json",
    ]);
    const records = JSON.parse(denied.stdout) as { seq: number; result: { reason: string } }[];
    expect(records.map((record) => [record.seq, record.result.reason])).toEqual([
      [2, "agent 'intruder' is missing required permissions: web:read"],
    ]);
  });

  it("reports the table's decisions, paging through it", async () => {
    const { io, written } = memoryIo();
    const code = await runCli(
      ["report", "--postgres", databaseUrl, "--table", table, "--since", "1h", "--output", "json"],
      io,
    );
    expect(written.stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(written.stdout);
    expect(report.source).toBe(`PostgreSQL table ${table}`);
    expect(report.totals).toEqual({ decided: 3, allowed: 1, denied: 2, wouldDeny: 0 });
    expect(report.byCheck.map((group: { name: string }) => group.name)).toEqual([
      "permission",
      "registry",
    ]);
  });

  it("verifies the chain, and finds an edited row", async () => {
    const intact = await spawnCli(cwd, ["verify", "--postgres", databaseUrl, "--table", table]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(`OK: 3 entries verified in PostgreSQL table ${table}`);
    await pool.query(
      `UPDATE ${table} SET record = replace(record, 'intruder', 'friend') WHERE seq = 2`,
    );
    const broken = await spawnCli(cwd, ["verify", "--postgres", databaseUrl, "--table", table]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("seq 2: hash does not match the record's content");
  });

  it("answers an unreachable server or a missing table with one line and exit 2", async () => {
    const dead = await spawnCli(cwd, [
      "audit",
      "--postgres",
      "postgres://postgres@127.0.0.1:1/test",
    ]);
    expect(dead.code).toBe(2);
    expect(dead.stderr.trim().split("\n")).toHaveLength(1);
    expect(dead.stderr).toContain("ECONNREFUSED");
    const missing = await spawnCli(cwd, [
      "verify",
      "--postgres",
      databaseUrl,
      "--table",
      `${table}_missing`,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("does not exist");
  });
});
