import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuard } from "../src/index.js";
import { PostgresAuditSink } from "../src/postgres.js";
import { startAuditViewer } from "../src/ui/audit-viewer-server.js";
import { PostgresViewerSource } from "../src/ui/postgres-viewer-source.js";
import {
  createPool,
  dropAuditTables,
  postgresAvailable,
  uniqueTable,
} from "./support/postgres-service.js";

// Prints why the tests below are skipped when PostgreSQL is not reachable.
const available = await postgresAvailable();

describe.skipIf(!available)("the audit viewer over PostgreSQL", () => {
  let pool: pg.Pool;
  const table = uniqueTable("viewer");

  beforeAll(() => {
    pool = createPool();
  });

  afterAll(async () => {
    await dropAuditTables(pool, table);
    await pool.end();
  });

  it("indexes the table, follows new rows, reads an entry and verifies on demand", async () => {
    const sink = new PostgresAuditSink({ pool, table });
    const guard = createGuard({
      connectors: [{ name: "search", version: "1", requiredPermissions: ["web:read"] }],
      agents: { "research-bot": { permissions: ["web:read"] } },
      audit: sink,
    });
    await guard.check({ connectorName: "search", sourceAgent: "research-bot" });
    await guard.check({ connectorName: "search", sourceAgent: "intruder" });
    await guard.flush();
    const viewer = await startAuditViewer({
      source: new PostgresViewerSource(pool, table),
      port: 0,
      assets: { script: "", style: "" },
      pollMs: 20,
    });
    try {
      const json = async (path: string, init?: RequestInit) =>
        (await fetch(`${viewer.url}${path}`, init)).json();
      const summary = await json("api/summary");
      expect(summary).toMatchObject({ total: 2, allowed: 1, denied: 1 });
      expect(summary.chain).toMatchObject({ verified: 2, coverage: "on demand" });
      await guard.check({ connectorName: "shell", sourceAgent: "research-bot" });
      await guard.flush();
      await expect.poll(async () => (await json("api/state")).total).toBe(3);
      const entry = await json("api/entries/3");
      expect(entry.record.result.check).toBe("registry");

      await pool.query(
        `UPDATE ${table} SET record = replace(record, 'intruder', 'friend') WHERE seq = 2`,
      );
      const verified = await json("api/verify", { method: "POST" });
      expect(verified.chain.firstBreak).toMatchObject({ seq: 2 });
    } finally {
      await viewer.close();
      await guard.close();
    }
  });
});
