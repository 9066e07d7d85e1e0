import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importOptionalPackage } from "../src/config/import-optional-package.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  ConfigError,
  createGuard,
  findConfigProblem,
  loadGuardConfig,
  readGuardConfigFile,
} from "./support/core-internals.js";
import { freePort } from "./support/redis-service.js";

const temporaryFolder = useTemporaryFolder();

async function writePolicy(text: string): Promise<string> {
  const path = join(await temporaryFolder(), "policy.yaml");
  await writeFile(path, text);
  return path;
}

async function problemWith(
  text: string,
  load: (path: string) => Promise<unknown> = readGuardConfigFile,
): Promise<string> {
  const path = await writePolicy(text);
  const error = await load(path).catch((caught: unknown) => caught);
  if (!ConfigError.isInstance(error)) throw new Error(`expected a ConfigError, got ${error}`);
  expect(error.file).toBe(path);
  expect(error.line).toBeGreaterThanOrEqual(1);
  return `${error.pointer}: ${error.problem}`;
}

const connectors = "connectors: [{ name: search, version: '1', rateLimit: 2 }]\n";

describe("policy file: rateLimitStore.redis and audit.postgres", () => {
  it("accepts both sections, with the URL inline or from an environment variable", async () => {
    expect(
      findConfigProblem({
        rateLimitStore: {
          redis: { url: "redis://127.0.0.1:6379", keyPrefix: "app:", timeoutMs: 100 },
        },
        audit: {
          postgres: {
            urlEnv: "DATABASE_URL",
            table: "audit.trail",
            createTable: false,
            batchSize: 100,
            maxBufferedEntries: 1000,
            onBufferFull: "block",
          },
        },
      }),
    ).toBeUndefined();
    const policy = await readGuardConfigFile(
      await writePolicy(
        `${connectors}rateLimitStore:\n  redis: { urlEnv: REDIS_URL, keyPrefix: "app:" }\naudit:\n  postgres: { url: "postgresql://cg@db/audit", table: trail }\n  memory: { maxEntries: 5 }\n`,
      ),
    );
    expect(policy.rateLimitStore?.redis).toMatchObject({
      keyPrefix: "app:",
      url: {
        kind: "environment",
        name: "REDIS_URL",
        location: { pointer: "/rateLimitStore/redis/urlEnv", line: 3 },
      },
    });
    expect(policy.audit?.postgres).toMatchObject({
      table: "trail",
      url: { kind: "inline", url: "postgresql://cg@db/audit", service: { name: "PostgreSQL" } },
    });
    expect(policy.audit?.memory).toEqual({ maxEntries: 5 });
  });

  it.each([
    ["rateLimitStore: {}", "/rateLimitStore: missing required key 'redis'"],
    ["rateLimitStore: { memcached: {} }", "/rateLimitStore: missing required key 'redis'"],
    [
      "rateLimitStore: { redis: { url: redis://a, database: 2 } }",
      "/rateLimitStore/redis/database: unknown key 'database' (known keys: url, urlEnv, keyPrefix, timeoutMs)",
    ],
    [
      "rateLimitStore: { redis: { url: redis://a, timeoutMs: 0 } }",
      "/rateLimitStore/redis/timeoutMs: must be > 0 (got 0)",
    ],
    [
      "rateLimitStore: { redis: { url: redis://a, keyPrefix: 7 } }",
      "/rateLimitStore/redis/keyPrefix: must be a string (got number)",
    ],
    ["rateLimitStore: { redis: { url: '  ' } }", "/rateLimitStore/redis/url: must not be blank"],
    [
      "audit: { postgres: { url: postgres://db, onBufferFull: drop } }",
      '/audit/postgres/onBufferFull: must be one of "deny", "block" (got "drop")',
    ],
    [
      "audit: { postgres: { url: postgres://db, batchSize: 1.5 } }",
      "/audit/postgres/batchSize: must be an integer (got number)",
    ],
    [
      "audit: { postgres: { url: postgres://db, maxBufferedEntries: 0 } }",
      "/audit/postgres/maxBufferedEntries: must be >= 1 (got 0)",
    ],
    [
      "audit: { postgres: { url: postgres://db, pool: {} } }",
      "/audit/postgres/pool: unknown key 'pool' (known keys: url, urlEnv, table, createTable, batchSize, maxBufferedEntries, onBufferFull, signing)",
    ],
  ])("rejects %s by the schema", async (section, message) => {
    expect(await problemWith(`${section}\n`)).toBe(message);
  });

  it.each([
    [
      "rateLimitStore: { redis: { keyPrefix: 'app:' } }",
      "/rateLimitStore/redis: needs the Redis server's URL: url, or urlEnv naming the environment variable that holds it",
    ],
    [
      "rateLimitStore: { redis: { url: redis://a, urlEnv: REDIS_URL } }",
      "/rateLimitStore/redis/urlEnv: gives both url and urlEnv: give one",
    ],
    [
      "rateLimitStore: { redis: { url: 'http://user:hunter2@cache:6379' } }",
      "/rateLimitStore/redis/url: must be a redis: or rediss: URL (got a http: URL)",
    ],
    [
      "rateLimitStore: { redis: { url: 'cache:6379 with spaces' } }",
      "/rateLimitStore/redis/url: must be a redis: or rediss: URL (got a cache: URL)",
    ],
    [
      "rateLimitStore: { redis: { url: 'not a url' } }",
      "/rateLimitStore/redis/url: is not a valid URL (expected a redis: or rediss: URL)",
    ],
    [
      "rateLimitStore: { redis: { urlEnv: 'redis://cache:6379' } }",
      "/rateLimitStore/redis/urlEnv: must be the name of an environment variable (letters, digits and _), not the URL itself",
    ],
    [
      "audit: { postgres: { table: trail } }",
      "/audit/postgres: needs the PostgreSQL server's URL: url, or urlEnv naming the environment variable that holds it",
    ],
    [
      "audit: { postgres: { url: 'mysql://db/audit' } }",
      "/audit/postgres/url: must be a postgres: or postgresql: URL (got a mysql: URL)",
    ],
    [
      "audit: { postgres: { url: 'postgres://db', table: 'drop table' } }",
      '/audit/postgres/table: must be "name" or "schema.name" made of letters, digits and underscores, not starting with a digit, the name at most 48 characters (got "drop table")',
    ],
  ])("rejects %s when read, never repeating the URL", async (section, message) => {
    const problem = await problemWith(`${section}\n`);
    expect(problem).toBe(message);
    expect(problem).not.toContain("hunter2");
  });
});

describe("docs/config.md", () => {
  it("has a valid Redis and PostgreSQL example", async () => {
    const doc = await readFile(new URL("../../../docs/config.md", import.meta.url), "utf8");
    const example = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((match) => match[1] as string)
      .find((block) => block.includes("rateLimitStore:"));
    if (example === undefined) throw new Error("docs/config.md has no rateLimitStore example");
    const policy = await readGuardConfigFile(await writePolicy(example));
    expect(policy.rateLimitStore?.redis.url).toMatchObject({
      kind: "environment",
      name: "REDIS_URL",
    });
    expect(policy.audit?.postgres?.url).toMatchObject({
      kind: "environment",
      name: "DATABASE_URL",
    });
  });
});

describe("loadGuardConfig: connecting the stores", () => {
  it("names an environment variable that is not set, or does not hold a URL, never its value", async () => {
    const policy = `${connectors}rateLimitStore:\n  redis: { urlEnv: CG_REDIS_URL }\n`;
    expect(await problemWith(policy, (path) => loadGuardConfig(path, { env: {} }))).toBe(
      "/rateLimitStore/redis/urlEnv: environment variable CG_REDIS_URL is not set (it must hold the Redis server's URL)",
    );
    const env = { CG_DATABASE_URL: "mysql://root:hunter2@db/audit" };
    const problem = await problemWith(
      `${connectors}audit:\n  postgres: { urlEnv: CG_DATABASE_URL }\n`,
      (path) => loadGuardConfig(path, { env }),
    );
    expect(problem).toBe(
      "/audit/postgres/urlEnv: environment variable CG_DATABASE_URL must be a postgres: or postgresql: URL (got a mysql: URL)",
    );
  });

  it("says which package to install when an optional peer is missing", async () => {
    const location = { file: "policy.yaml", pointer: "/audit/postgres/url", line: 3, column: 5 };
    const error = await importOptionalPackage(
      "connectorguard-package-that-is-not-installed",
      "the PostgreSQL audit sink (audit.postgres)",
      location,
    ).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error) && error.message).toBe(
      "policy.yaml:3:5: /audit/postgres/url: the PostgreSQL audit sink (audit.postgres) needs the 'connectorguard-package-that-is-not-installed' package, which is not installed: run `npm install connectorguard-package-that-is-not-installed` (or pnpm add / yarn add) in your application",
    );
  });

  it("loads with Redis unreachable: the outage is reported once and decisions fail closed", async () => {
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((line: string) => lines.push(line) > 0) as typeof process.stderr.write;
    try {
      const port = await freePort();
      const path = await writePolicy(
        `${connectors}agents: { bot: { permissions: [] } }\nrateLimitStore:\n  redis: { url: "redis://127.0.0.1:${port}", timeoutMs: 100 }\n`,
      );
      const guard = createGuard(await loadGuardConfig(path));
      const result = await guard.check({ connectorName: "search", sourceAgent: "bot" });
      expect(result).toMatchObject({ allowed: false, check: "rate-limit" });
      expect(result.reason).toMatch(
        /^rate-limit store unavailable: Redis not connected within 100 ms \(connection \w+\); denying \(fail closed\)$/,
      );
      expect(lines.join("")).toMatch(
        /^connectorguard: Redis rate-limit store unavailable: .* \(retrying\)\n$/,
      );
      await guard.close();
    } finally {
      process.stderr.write = write;
    }
  });
});
