import pg from "pg";
import { describe, expect, it } from "vitest";
import { toColumnText } from "../src/audit/postgres-column-text.js";
import { InvalidOptionError } from "../src/index.js";
import { PostgresAuditSink, postgresAuditTable, queryPostgresAudit } from "../src/postgres.js";

describe("postgresAuditTable", () => {
  it("derives quoted names for the table, its head and its indexes", () => {
    expect(postgresAuditTable()).toEqual({
      name: "connectorguard_audit",
      records: '"connectorguard_audit"',
      head: '"connectorguard_audit_head"',
      checkpoints: '"connectorguard_audit_checkpoints"',
      indexes: {
        time: '"connectorguard_audit_recorded_at_idx"',
        agent: '"connectorguard_audit_agent_idx"',
        connector: '"connectorguard_audit_connector_idx"',
      },
    });
    expect(postgresAuditTable("audit.Decisions_2026")).toMatchObject({
      records: '"audit"."Decisions_2026"',
      head: '"audit"."Decisions_2026_head"',
    });
  });

  it.each(["", "1table", "drop table x; --", 'quo"te', "a.b.c", "schema.", "x".repeat(49)])(
    "rejects the table name %j, saying what a name may hold",
    (name) => {
      expect(() => postgresAuditTable(name)).toThrow(InvalidOptionError);
      expect(() => postgresAuditTable(name)).toThrow(/table must be "name" or "schema.name"/);
    },
  );
});

describe("toColumnText", () => {
  it("keeps ordinary text and replaces what PostgreSQL text cannot hold", () => {
    expect(toColumnText("agent-1 ✓ 😀")).toBe("agent-1 ✓ 😀");
    expect(toColumnText("a\0b")).toBe("a\ufffdb");
    expect(toColumnText("lone \ud800 and \udc00")).toBe("lone \ufffd and \ufffd");
  });
});

describe("PostgresAuditSink options", () => {
  const pool = new pg.Pool({ connectionString: "postgres://nobody@127.0.0.1:1/none" });

  it("needs a pool", () => {
    expect(() => new PostgresAuditSink({} as never)).toThrow(
      "PostgresAuditSink needs { pool }: a pg Pool (an object with query and connect)",
    );
  });

  it.each([
    [{ batchSize: 0 }, "batchSize must be an integer >= 1 (got 0)"],
    [{ maxBufferedEntries: 1.5 }, "maxBufferedEntries must be an integer >= 1 (got 1.5)"],
    [{ onBufferFull: "drop" }, 'onBufferFull must be "deny" or "block" (got "drop")'],
    [{ flushTimeoutMs: -1 }, "flushTimeoutMs must be an integer >= 1 (got -1)"],
    [{ table: "bad name" }, 'table must be "name" or "schema.name"'],
  ])("rejects %j", (options, message) => {
    expect(() => new PostgresAuditSink({ pool, ...(options as object) })).toThrow(message);
  });

  it("rejects query filters that make no sense before touching the database", async () => {
    await expect(queryPostgresAudit(pool, { limit: 0 })).rejects.toThrow(
      "limit must be an integer >= 1 (got 0)",
    );
    await expect(queryPostgresAudit(pool, { since: new Date("nope") })).rejects.toThrow(
      "since must be a valid Date",
    );
    await expect(queryPostgresAudit(pool, { outcome: "maybe" as "ok" })).rejects.toThrow(
      "outcome must be one of allowed, denied, ok, error",
    );
  });
});
