import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuard } from "../src/index.js";
import { RedisRateLimitStore } from "../src/redis.js";
import { describeRateLimitStore } from "../src/testing/describe-rate-limit-store.js";
import { redisServerInstalled } from "./support/redis-service.js";
import { ThrowawayRedisCluster } from "./support/throwaway-redis-cluster.js";

const installed = await redisServerInstalled();
if (!installed) {
  console.warn("SKIPPING Redis Cluster tests: redis-server is not installed to start a cluster");
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!installed)("RedisRateLimitStore on Redis Cluster", () => {
  let cluster: ThrowawayRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await ThrowawayRedisCluster.start();
    client = cluster.client();
  }, 30_000);
  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it("decides exactly for keys spread over every master, each decision on one key", async () => {
    const store = new RedisRateLimitStore({ client, keyPrefix: "cluster:", timeoutMs: 5_000 });
    const guard = createGuard({
      connectors: [{ name: "search", version: "1.0.0", rateLimit: 5 }],
      rateLimitStore: store,
    });
    const agents = Array.from({ length: 30 }, (_, index) => `agent-${index}`);
    const results = await Promise.all(
      agents.flatMap((agent) =>
        Array.from({ length: 8 }, () =>
          guard.check({ connectorName: "search", sourceAgent: agent }),
        ),
      ),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(agents.length * 5);
    expect(results.filter((result) => result.check === "rate-limit")).toHaveLength(
      agents.length * 3,
    );

    const keysPerMaster = await Promise.all(client.nodes("master").map((node) => node.dbsize()));
    expect(keysPerMaster).toHaveLength(3);
    for (const keys of keysPerMaster) expect(keys).toBeGreaterThan(0);
    expect(keysPerMaster.reduce((sum, keys) => sum + keys, 0)).toBe(agents.length);
  });
});

describeRateLimitStore(
  "RedisRateLimitStore (Redis Cluster)",
  async () => {
    const cluster = await ThrowawayRedisCluster.start();
    const client = cluster.client();
    return {
      store: new RedisRateLimitStore({ client, timeoutMs: 5_000 }),
      windowSeconds: 2,
      elapse: sleep,
      close: async () => {
        client.disconnect();
        await cluster.stop();
      },
    };
  },
  { skip: !installed },
);
