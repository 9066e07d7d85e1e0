import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appendPostgresAuditBatch } from "../src/audit/postgres-audit-batch.js";
import {
  type AuditEntry,
  AuditStoreError,
  createGuard,
  ErrorCodes,
  type Guard,
} from "../src/index.js";
import {
  PostgresAuditSink,
  type PostgresAuditSinkOptions,
  postgresAuditTable,
  queryPostgresAudit,
  verifyPostgresAuditLog,
} from "../src/postgres.js";
import { RedisRateLimitStore } from "../src/redis.js";
import {
  createPool,
  databaseUrl,
  dropAuditTables,
  postgresAvailable,
  uniqueTable,
} from "./support/postgres-service.js";
import { deleteKeys, redisAvailable, redisUrl, uniquePrefix } from "./support/redis-service.js";
import { TcpProxy } from "./support/tcp-proxy.js";

const available = await postgresAvailable();
const redisUp = available && (await redisAvailable());
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const connectors = [{ name: "search", version: "1.0.0", rateLimit: 1_000_000 }];

async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

describe.skipIf(!available)("PostgresAuditSink when PostgreSQL goes down", () => {
  const target = new URL(databaseUrl);
  let direct: pg.Pool;
  let proxy: TcpProxy;
  let pool: pg.Pool;
  const tables: string[] = [];
  const opened: Guard[] = [];

  function setup(options: Partial<PostgresAuditSinkOptions> = {}) {
    const table = uniqueTable("outage");
    tables.push(table);
    const lines: string[] = [];
    const auditErrors: unknown[] = [];
    const sink = new PostgresAuditSink({
      pool,
      table,
      retryDelayMs: 20,
      maxRetryDelayMs: 100,
      log: (line) => lines.push(line),
      ...options,
    });
    const guard = createGuard({
      connectors,
      audit: sink,
      onAuditError: (error) => auditErrors.push(error),
    });
    opened.push(guard);
    const check = (index: number) =>
      guard.check({ connectorName: "search", sourceAgent: "agent-1", inputData: { index } });
    return { table, sink, guard, lines, auditErrors, check };
  }

  const indexesOf = async (table: string) =>
    (await queryPostgresAudit(direct, { table, limit: 100_000 })).map(
      (record) => (record.connectionAttempt.inputData as { index: number }).index,
    );

  beforeAll(async () => {
    direct = createPool();
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const proxied = new URL(databaseUrl);
    proxied.port = String(proxy.port);
    pool = createPool(proxied.toString());
  });
  afterEach(async () => {
    await proxy.resume();
    for (const guard of opened.splice(0)) await guard.close().catch(() => {});
  });
  afterAll(async () => {
    await pool?.end();
    await proxy?.stop();
    for (const table of tables) await dropAuditTables(direct, table);
    await direct?.end();
  });

  it("keeps entries while it is down and writes them all, in order, when it is back", async () => {
    const { table, sink, check, lines } = setup();
    for (let index = 0; index < 50; index++) await check(index);
    await sink.flush();

    await proxy.stop();
    for (let index = 50; index < 350; index++) expect((await check(index)).allowed).toBe(true);
    await eventually(() => !sink.status.available);
    expect(sink.status.waitingEntries).toBe(300);
    expect(lines.find((line) => line.includes("store unavailable"))).toMatch(
      /^connectorguard: PostgreSQL audit store unavailable \(.+\); \d+ entries waiting in memory \(at most 10000\), retrying$/,
    );
    await sleep(300); // several retries fail meanwhile

    await proxy.resume();
    await sink.flush();
    expect(await indexesOf(table)).toEqual(Array.from({ length: 350 }, (_, index) => index));
    expect(await verifyPostgresAuditLog(direct, { table })).toMatchObject({
      valid: true,
      recordCount: 350,
    });
    expect(sink.status).toMatchObject({ available: true, waitingEntries: 0, writtenEntries: 350 });
    expect(lines.at(-1)).toMatch(
      /available again after [\d.]+s; writing \d+ waiting entries in order$/,
    );
  });

  it("denies new calls when the buffer is full (the default), loudly, and recovers", async () => {
    const { table, sink, guard, check, lines, auditErrors } = setup({ maxBufferedEntries: 20 });
    await proxy.stop();
    for (let index = 0; index < 20; index++) expect((await check(index)).allowed).toBe(true);

    let ran = false;
    const refused = guard.execute({ connectorName: "search", inputData: { index: 20 } }, () => {
      ran = true;
    });
    await expect(refused).rejects.toMatchObject({ code: ErrorCodes.callDenied });
    expect(ran).toBe(false);
    const denied = await check(21);
    expect(denied).toMatchObject({ allowed: false, check: "audit" });
    expect(denied.reason).toMatch(
      /^audit store unavailable: PostgreSQL audit buffer full \(20 entries waiting(: .+)?\); denying \(fail closed\)$/,
    );
    // The refusals could not be stored: each is reported, none disappears silently.
    expect(auditErrors).toHaveLength(2);
    for (const error of auditErrors) {
      expect(AuditStoreError.isInstance(error) && error.code).toBe(ErrorCodes.auditBufferFull);
    }
    expect(sink.status.refusedEntries).toBe(2);
    expect(
      lines.some(
        (line) => line.includes("audit buffer FULL") && line.includes("new calls are DENIED"),
      ),
    ).toBe(true);

    await proxy.resume();
    await sink.flush();
    expect((await check(22)).allowed).toBe(true);
    await sink.flush();
    expect(await indexesOf(table)).toEqual([
      ...Array.from({ length: 20 }, (_, index) => index),
      22,
    ]);
  });

  // Issue 13, item 7: the buffer was checked before the asynchronous Redis decision, so all
  // 1,000 concurrent calls saw room, were allowed, and all 1,000 entries were buffered.
  it.skipIf(!redisUp)(
    "admits no more concurrent calls than the buffer can hold, however they are decided",
    async () => {
      const { Redis } = await import("ioredis");
      const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
      const keyPrefix = uniquePrefix("buffer-bound");
      const table = uniqueTable("bound");
      tables.push(table);
      const auditErrors: unknown[] = [];
      const sink = new PostgresAuditSink({
        pool,
        table,
        maxBufferedEntries: 100,
        retryDelayMs: 20,
        maxRetryDelayMs: 100,
        log: () => {},
      });
      const guard = createGuard({
        connectors,
        audit: sink,
        rateLimitStore: new RedisRateLimitStore({ client: redis, keyPrefix, timeoutMs: 5_000 }),
        onAuditError: (error) => auditErrors.push(error),
      });
      opened.push(guard);
      try {
        await proxy.stop();
        const results = await Promise.all(
          Array.from({ length: 1_000 }, (_, index) =>
            guard.check({ connectorName: "search", sourceAgent: "agent-1", inputData: { index } }),
          ),
        );
        const allowed = results.filter((result) => result.allowed);
        expect(allowed).toHaveLength(100);
        expect(results.filter((result) => result.check === "audit")).toHaveLength(900);
        expect(sink.status).toMatchObject({ waitingEntries: 100, reservedEntries: 0 });
        // Each refusal was offered to the sink and reported, as a denial it could not store.
        expect(auditErrors).toHaveLength(900);

        await proxy.resume();
        await sink.flush();
        const written = await queryPostgresAudit(direct, { table, limit: 10_000 });
        expect(written).toHaveLength(100);
        expect(written.every((record) => record.result.allowed)).toBe(true);
      } finally {
        await deleteKeys(redis, keyPrefix);
        redis.disconnect();
      }
    },
    30_000,
  );

  it("with onBufferFull 'block', holds new calls until there is room, losing nothing", async () => {
    const { table, sink, check, lines } = setup({ maxBufferedEntries: 10, onBufferFull: "block" });
    await proxy.stop();
    for (let index = 0; index < 10; index++) await check(index);
    let settled = 0;
    const blocked = [10, 11, 12].map((index) => check(index).then(() => settled++));
    await sleep(200);
    expect(settled).toBe(0);
    expect(sink.status.waitingEntries).toBe(13);
    expect(lines.some((line) => line.includes("new calls are BLOCKED"))).toBe(true);

    await proxy.resume();
    await Promise.all(blocked);
    await sink.flush();
    expect(await indexesOf(table)).toEqual(Array.from({ length: 13 }, (_, index) => index));
  });

  it("rejects close() and says entries are at risk when it cannot write them in time", async () => {
    const { sink, check, lines } = setup({ flushTimeoutMs: 200 });
    await proxy.stop();
    await check(0);
    await check(1);
    await expect(sink.close()).rejects.toThrow(
      /flush timed out after 200 ms: 2 entries still waiting/,
    );
    expect(lines.at(-1)).toMatch(/AUDIT ENTRIES AT RISK: closing with 2 entries not written/);
    expect(() => sink.append({} as AuditEntry)).toThrow(/is closed/);
  });

  it("never writes an entry twice when a failed attempt had in fact committed", async () => {
    const table = uniqueTable("idempotent");
    tables.push(table);
    const sink = new PostgresAuditSink({ pool: direct, table, log: () => {} });
    const timestamp = new Date();
    const entry = (index: number): AuditEntry => ({
      connectionAttempt: {
        connectorName: "search",
        sourceAgent: "agent-1",
        inputData: { index },
        timestamp,
      },
      result: { allowed: true, reason: "all checks passed", latencyMs: 0 },
      timestamp,
    });
    sink.append(entry(0));
    await sink.close(); // creates the table
    const batch = [1, 2, 3].map((index) => ({ entryId: randomUUID(), entry: entry(index) }));
    const names = postgresAuditTable(table);
    const head = await appendPostgresAuditBatch(direct, names, batch, false);
    // The retry of a batch whose COMMIT succeeded unseen, plus one entry appended since.
    const retried = [...batch, { entryId: randomUUID(), entry: entry(4) }];
    const after = await appendPostgresAuditBatch(direct, names, retried, true);
    expect(head.seq).toBe(4);
    expect(after.seq).toBe(5);
    expect(await indexesOf(table)).toEqual([0, 1, 2, 3, 4]);
    expect((await verifyPostgresAuditLog(direct, { table })).valid).toBe(true);
  });
});
