import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { missingService, runningInCi } from "./missing-service.js";

/** The shared Redis the integration tests use (never flushed: every test uses its own prefix). */
export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A prefix no other test run uses; delete its keys with `deleteKeys`. */
export function uniquePrefix(label: string): string {
  return `cg-test:${label}:${randomBytes(6).toString("hex")}:`;
}

/**
 * Whether a Redis answers at `url`; prints why the Redis tests are skipped when not (and
 * throws with `CI=true`, where a missing Redis fails the run).
 */
export async function redisAvailable(url: string = redisUrl): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let connectionError: Error | undefined;
  client.on("error", (error: Error) => {
    connectionError = error;
  });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    const cause = (connectionError ?? (error as Error)).message;
    return missingService(
      "Redis tests",
      `no Redis at ${url} (${cause}); set REDIS_URL or start redis-server`,
    );
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under `prefix` (SCAN, never FLUSH: the server is shared). */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== "0");
}

/** A free TCP port on 127.0.0.1 (free when asked; good enough for a test's own server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Whether the `redis-server` binary can be run (for tests that start their own server). With
 * `CI=true` a missing binary throws: the cluster and outage tests must not quietly skip there.
 */
export async function redisServerInstalled(): Promise<boolean> {
  const installed = await new Promise<boolean>((resolve) => {
    const child = spawn("redis-server", ["--version"], { stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
  if (!installed && runningInCi()) {
    missingService(
      "tests that start their own Redis (cluster, outage, script cache)",
      "the redis-server binary is not on PATH",
    );
  }
  return installed;
}

/**
 * A Redis server of the test's own, on a random port, that the test may stop and start again
 * (the shared server is never stopped).
 */
export class ThrowawayRedis {
  readonly port: number;
  private process: ChildProcess | undefined;

  private constructor(port: number) {
    this.port = port;
  }

  static async start(extraArguments: string[] = []): Promise<ThrowawayRedis> {
    const server = new ThrowawayRedis(await freePort());
    await server.start(extraArguments);
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A client that retries quickly, so a test sees the server come back within a second. */
  client(options: RedisOptions = {}): Redis {
    const client = new Redis(this.port, "127.0.0.1", {
      retryStrategy: () => 50,
      maxRetriesPerRequest: 1,
      ...options,
    });
    // ioredis logs connection errors without a listener; the tests look at decisions instead.
    client.on("error", () => {});
    return client;
  }

  async start(extraArguments: string[] = []): Promise<void> {
    this.process = spawnRedisServer(this.port, extraArguments);
    await waitFor(async () => (await askRedis(this.port, (client) => client.ping())) === "PONG");
  }

  /** Stops the server (SIGKILL: like a crash, nothing flushed) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}

/**
 * Asks one question of the Redis at `port` on a short-lived connection; `undefined` when it
 * does not answer.
 */
export async function askRedis<T>(
  port: number,
  ask: (client: Redis) => Promise<T>,
): Promise<T | undefined> {
  const client = new Redis(port, "127.0.0.1", {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return await ask(client);
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/** Polls `ready` until it says yes, failing after `timeoutMs`. */
export async function waitFor(ready: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `redis-server` on `port`, bound to 127.0.0.1, with nothing saved to disk. */
export function spawnRedisServer(
  port: number,
  extraArguments: string[] = [],
  folder?: string,
): ChildProcess {
  const persistence = ["--save", "", "--appendonly", "no"];
  return spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", ...persistence, ...extraArguments],
    { stdio: "ignore", ...(folder === undefined ? {} : { cwd: folder }) },
  );
}
