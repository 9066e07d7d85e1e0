import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { distEntries } from "./support/build-dist.js";

const optionalPeers =
  /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](?:ioredis|pg)(?:\/[^"']*)?["']/;

describe("package entries", () => {
  it("never import ioredis or pg: the stores use the clients they are given", () => {
    for (const entry of distEntries) {
      for (const file of [entry, entry.replace(/\.js$/, ".cjs")]) {
        expect({
          file,
          importsOptionalPeer: optionalPeers.test(readFileSync(file, "utf8")),
        }).toEqual({
          file,
          importsOptionalPeer: false,
        });
      }
    }
  });

  it("expose the Redis and PostgreSQL stores as subpaths, for import and require", async () => {
    const redis = await import("@aumai/connectorguard/redis");
    const postgres = await import("@aumai/connectorguard/postgres");
    expect(typeof redis.RedisRateLimitStore).toBe("function");
    expect(typeof postgres.PostgresAuditSink).toBe("function");
    expect(typeof postgres.queryPostgresAudit).toBe("function");
    expect(typeof postgres.verifyPostgresAuditLog).toBe("function");

    const require = createRequire(import.meta.url);
    expect(typeof require("@aumai/connectorguard/redis").RedisRateLimitStore).toBe("function");
    expect(typeof require("@aumai/connectorguard/postgres").PostgresAuditSink).toBe("function");
    // The core entry does not carry them.
    const core = await import("@aumai/connectorguard");
    expect("RedisRateLimitStore" in core).toBe(false);
    expect("PostgresAuditSink" in core).toBe(false);
  });
});
