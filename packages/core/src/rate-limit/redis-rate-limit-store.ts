import { randomBytes } from "node:crypto";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { RateLimitStoreError } from "../errors/rate-limit-store-error.js";
import type { RateLimitDecision, RateLimitStore } from "./rate-limit-store.js";
import { RedisConnectionGate } from "./redis-connection-gate.js";
import { RedisDecisionDeadlines } from "./redis-decision-deadlines.js";
import type { RedisScriptClient } from "./redis-script-client.js";
import {
  ROLLBACK_SCRIPT,
  SLIDING_WINDOW_SCRIPT,
  SLIDING_WINDOW_SCRIPT_SHA1,
} from "./redis-sliding-window-script.js";

/** Options of {@link RedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** An ioredis `Redis` or `Cluster` you built (and close yourself). */
  readonly client: RedisScriptClient;
  /**
   * Prepended to every key the store writes, so several guards (or other applications) can
   * share one Redis. Default `"connectorguard:rate-limit:"`.
   */
  readonly keyPrefix?: string;
  /**
   * How long one decision may wait for Redis, in milliseconds, before it is given up and
   * rejected with `RateLimitStoreError` (the guard then fails closed). Default 250.
   */
  readonly timeoutMs?: number;
}

/** The default of {@link RedisRateLimitStoreOptions.keyPrefix}. */
export const DEFAULT_REDIS_KEY_PREFIX = "connectorguard:rate-limit:";

/**
 * A rate-limit store in Redis, shared by every process and machine that uses the same server
 * and prefix: a limit of L stays L however many workers run. Each decision is one round trip
 * — one Lua script, called by SHA (and sent whole only when the server does not have it) —
 * that evicts, counts, admits and sets the key's expiry atomically, on the Redis server's
 * clock, never the caller's. The window is an exact sliding log (a sorted set per key, at
 * most `limit` members, each key expiring with its window), and each decision touches one
 * key, so it works on Redis Cluster.
 *
 * A decision that Redis cannot make in `timeoutMs` — unreachable, slow, a script error —
 * rejects with `RateLimitStoreError`; the guard turns that into a denial saying the store is
 * unavailable (or an audited allow, with `onStoreError: "allow"`). Such a decision takes no
 * quota, whatever the client's options: nothing is sent until the client is `ready` (a client
 * still connecting is waited for, within `timeoutMs`, so nothing lands in ioredis' offline
 * queue to run later), a decision that gave up is rolled back, and one sent twice — replayed
 * by the client after a reconnect — is counted once.
 *
 * @example
 * import { Redis } from "ioredis";
 * import { createGuard } from "@aumai/connectorguard";
 * import { RedisRateLimitStore } from "@aumai/connectorguard/redis";
 *
 * const client = new Redis("redis://127.0.0.1:6379");
 * const guard = createGuard({
 *   connectors: [{ name: "openai-chat", version: "1.0.0", rateLimit: 30 }],
 *   rateLimitStore: new RedisRateLimitStore({ client, keyPrefix: "myapp:rl:" }),
 * });
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly keyPrefix: string;
  readonly timeoutMs: number;
  private readonly client: RedisScriptClient;
  private readonly deadlines: RedisDecisionDeadlines;
  // Each decision's own sorted-set member: this store's random prefix and a counter.
  private readonly memberPrefix = `${randomBytes(9).toString("base64url")}:`;
  private decisions = 0;
  private readonly gate: RedisConnectionGate;

  constructor(options: RedisRateLimitStoreOptions) {
    const client = options?.client as Partial<RedisScriptClient> | undefined;
    if (typeof client?.evalsha !== "function" || typeof client.eval !== "function") {
      throw new InvalidOptionError(
        "RedisRateLimitStore needs { client }: an ioredis Redis or Cluster (a client with evalsha and eval)",
      );
    }
    this.client = options.client;
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    if (typeof this.keyPrefix !== "string") {
      throw new InvalidOptionError(`keyPrefix must be a string (got ${typeof this.keyPrefix})`);
    }
    this.timeoutMs = options.timeoutMs ?? 250;
    if (!(this.timeoutMs > 0) || !Number.isFinite(this.timeoutMs)) {
      throw new InvalidOptionError(
        `timeoutMs must be a positive number of milliseconds (got ${options.timeoutMs})`,
      );
    }
    this.deadlines = new RedisDecisionDeadlines(this.timeoutMs);
    this.gate = new RedisConnectionGate(this.client);
  }

  /**
   * Admits and counts one request for `key` if fewer than `limit` were admitted in the last
   * `windowSeconds` (by the Redis server's clock); otherwise denies it without counting it.
   */
  consume(key: string, windowSeconds: number, limit: number): Promise<RateLimitDecision> {
    if (!(windowSeconds > 0) || !Number.isFinite(windowSeconds)) {
      return Promise.reject(
        new InvalidOptionError(`windowSeconds must be a positive number (got ${windowSeconds})`),
      );
    }
    if (!(limit >= 1) || !Number.isInteger(limit)) {
      return Promise.reject(
        new InvalidOptionError(`maxRequests must be an integer >= 1 (got ${limit})`),
      );
    }
    const windowMicroseconds = Math.max(1, Math.round(windowSeconds * 1_000_000));
    const redisKey = this.keyPrefix + key;
    const member = this.memberPrefix + (this.decisions++).toString(36);
    return new Promise((resolve, reject) => {
      let sent = false;
      const deadline = this.deadlines.start(() => {
        this.gate.cancel(send);
        if (sent) {
          // Redis may still run it, or have run it: take its slot back (a no-op if it was not
          // admitted), so a decision that was given up takes no quota.
          this.rollBack(redisKey, member);
          reject(new RateLimitStoreError(`Redis did not answer within ${this.timeoutMs} ms`));
        } else {
          reject(
            new RateLimitStoreError(
              `Redis not connected within ${this.timeoutMs} ms (connection ${this.gate.status})`,
            ),
          );
        }
      });
      // A reply or an error arriving after the deadline is ignored: the decision was made.
      const onReply = (reply: unknown) => {
        if (!this.deadlines.finish(deadline)) {
          if (isAdmission(reply)) this.rollBack(redisKey, member);
          return;
        }
        try {
          resolve(toDecision(reply, limit));
        } catch (error) {
          reject(error);
        }
      };
      const onFailure = (error: unknown) => {
        if (!this.deadlines.finish(deadline)) return;
        reject(
          new RateLimitStoreError(`Redis error: ${describeRedisError(error)}`, { cause: error }),
        );
      };
      const onScriptError = (error: unknown) => {
        // A restarted or flushed server has forgotten the script: send it whole, which also
        // caches it again for the next EVALSHA — unless the decision gave up meanwhile.
        if (!isNoScriptError(error)) return onFailure(error);
        if (!this.deadlines.pending(deadline)) return;
        this.client
          .eval(SLIDING_WINDOW_SCRIPT, 1, redisKey, windowMicroseconds, limit, member)
          .then(onReply, onFailure);
      };
      function send(this: void): void {
        sent = true;
        try {
          client
            .evalsha(SLIDING_WINDOW_SCRIPT_SHA1, 1, redisKey, windowMicroseconds, limit, member)
            .then(onReply, onScriptError);
        } catch (error) {
          onFailure(error);
        }
      }
      const client = this.client;
      // Not connected yet (or reconnecting): `send` waits for the connection, within the
      // deadline, rather than go to the client's offline queue and take a slot much later.
      const state = this.gate.admit(send);
      if (state === "ready") send();
      if (state === "ended" && this.deadlines.finish(deadline)) {
        reject(
          new RateLimitStoreError(
            "Redis connection is closed (ended: the client was quit or stopped reconnecting)",
          ),
        );
      }
    });
  }

  private rollBack(redisKey: string, member: string): void {
    try {
      this.client.eval(ROLLBACK_SCRIPT, 1, redisKey, member).then(ignore, ignore);
    } catch {
      // The slot then leaves the window on its own, within windowSeconds.
    }
  }
}

function ignore(): void {}

function isAdmission(reply: unknown): boolean {
  return Array.isArray(reply) && reply[0] === 1;
}

function toDecision(reply: unknown, limit: number): RateLimitDecision {
  if (
    !Array.isArray(reply) ||
    reply.length !== 3 ||
    !reply.every((item) => typeof item === "number" && Number.isFinite(item))
  ) {
    throw new RateLimitStoreError(
      `unexpected reply from the Redis rate-limit script: ${JSON.stringify(reply)}`,
    );
  }
  const [admitted, count, retryAfterMicroseconds] = reply as [number, number, number];
  return {
    allowed: admitted === 1,
    count,
    limit,
    retryAfterMs: admitted === 1 ? 0 : retryAfterMicroseconds / 1000,
  };
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

function describeRedisError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
