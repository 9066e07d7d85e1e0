import { RedisRateLimitStore } from "../rate-limit/redis-rate-limit-store.js";
import type { RedisScriptClient } from "../rate-limit/redis-script-client.js";
import { importOptionalPackage } from "./import-optional-package.js";
import type { RedisStoreFileSection } from "./read-store-sections.js";
import { resolveConnectionUrl } from "./resolve-connection-url.js";

/** What this module needs of an ioredis client (the core never names ioredis's own types). */
interface RedisClient extends RedisScriptClient {
  readonly status: string;
  connect(): Promise<void>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "ready", listener: () => void): unknown;
}

type RedisModule = {
  Redis: new (url: string, options: Record<string, unknown>) => RedisClient;
};

/** A Redis store that owns the client it was built with: `close()` (from `guard.close()`) disconnects it. */
class OwnedRedisRateLimitStore extends RedisRateLimitStore {
  constructor(
    private readonly ownedClient: RedisClient,
    options: { keyPrefix?: string; timeoutMs?: number },
  ) {
    super({ client: ownedClient, ...options });
  }

  async close(): Promise<void> {
    const client = this.ownedClient;
    if (client.status !== "ready") return client.disconnect();
    await client.quit().catch(() => client.disconnect());
  }
}

/**
 * Builds the `rateLimitStore.redis` section's ioredis client (loaded now, with
 * `await import`) and its `RedisRateLimitStore`. The client fails fast while disconnected —
 * no offline queue, no replayed commands — as docs/scale-out.md recommends, so a decision
 * that timed out never takes a slot later. An unreachable server does not fail the load: the
 * guard fails closed (or open, per `onStoreError`) until ioredis reconnects, and each outage
 * is reported once on stderr.
 *
 * @example
 * const store = await openRedisRateLimitStore(policy.rateLimitStore.redis);
 * const guard = createGuard({ connectors, rateLimitStore: store });
 * await guard.close(); // disconnects
 */
export async function openRedisRateLimitStore(
  section: RedisStoreFileSection,
  env?: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<RedisRateLimitStore> {
  const url = resolveConnectionUrl(section.url, env);
  const { Redis } = await importOptionalPackage<RedisModule>(
    "ioredis",
    "the Redis rate-limit store (rateLimitStore.redis)",
    section.url.location,
  );
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  });
  let reported = false;
  client.on("error", (error) => {
    if (reported) return;
    reported = true;
    log(`connectorguard: Redis rate-limit store unavailable: ${error.message} (retrying)`);
  });
  client.on("ready", () => {
    if (reported) log("connectorguard: Redis rate-limit store is back");
    reported = false;
  });
  // Waits for the first connection so the first decisions are not denied for want of one;
  // a failure is already reported, and ioredis keeps reconnecting.
  await client.connect().catch(() => undefined);
  return new OwnedRedisRateLimitStore(client, {
    keyPrefix: section.keyPrefix,
    timeoutMs: section.timeoutMs,
  });
}
