import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuard, loadGuardConfig } from "../src/index.js";
import { queryPostgresAudit, verifyPostgresAuditLog } from "../src/postgres.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  createPool,
  databaseUrl,
  dropAuditTables,
  postgresAvailable,
  uniqueTable,
} from "./support/postgres-service.js";
import { deleteKeys, redisAvailable, redisUrl, uniquePrefix } from "./support/redis-service.js";

const available = (await redisAvailable()) && (await postgresAvailable());
if (!available) {
  console.warn("skipping the policy file's Redis + PostgreSQL test: a service is down (see above)");
}

const temporaryFolder = useTemporaryFolder();

describe.skipIf(!available)("policy file with rateLimitStore.redis and audit.postgres", () => {
  const keyPrefix = uniquePrefix("config");
  const table = uniqueTable("config");
  let pool: pg.Pool;
  let redis: Redis;

  beforeAll(async () => {
    pool = createPool();
    const { Redis } = await import("ioredis");
    redis = new Redis(redisUrl);
  });

  afterAll(async () => {
    await dropAuditTables(pool, table);
    await pool.end();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  });

  it("shares one limit across two guards from the same file and writes a verifiable trail", async () => {
    const path = join(await temporaryFolder(), "connectorguard.config.yaml");
    await writeFile(
      path,
      `connectors:
  - { name: search, version: "1", rateLimit: 3 }
agents:
  bot: { permissions: [] }
rateLimitStore:
  redis: { urlEnv: CG_TEST_REDIS_URL, keyPrefix: "${keyPrefix}" }
audit:
  postgres: { urlEnv: CG_TEST_DATABASE_URL, table: ${table}, batchSize: 10 }
`,
    );
    const env = { CG_TEST_REDIS_URL: redisUrl, CG_TEST_DATABASE_URL: databaseUrl };
    const first = createGuard(await loadGuardConfig(path, { env }));
    const second = createGuard(await loadGuardConfig(path, { env }));
    const attempt = { connectorName: "search", sourceAgent: "bot" };

    const decisions = [];
    for (const guard of [first, second, first, second]) {
      decisions.push((await guard.check(attempt)).allowed);
    }
    expect(decisions).toEqual([true, true, true, false]);
    expect(await redis.keys(`${keyPrefix}*`)).toHaveLength(1);

    // close() writes what is queued and ends both pools; the Redis clients disconnect.
    await Promise.all([first.close(), second.close()]);

    const verification = await verifyPostgresAuditLog(pool, { table });
    expect(verification).toMatchObject({ valid: true, recordCount: 4 });
    const denied = await queryPostgresAudit(pool, { table, outcome: "denied" });
    expect(denied.map((record) => record.result.reason)).toEqual([
      expect.stringMatching(/^rate limit exceeded for connector 'search' \(limit: 3 req\/60s\)/),
    ]);
  });
});
