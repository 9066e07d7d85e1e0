import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { InvalidOptionError } from "../src/index.js";
import {
  DEFAULT_REDIS_KEY_PREFIX,
  RedisRateLimitStore,
  SLIDING_WINDOW_SCRIPT,
  SLIDING_WINDOW_SCRIPT_SHA1,
} from "../src/redis.js";

describe("RedisRateLimitStore without a server", () => {
  it("precomputes the SHA-1 of the script it sends", () => {
    expect(createHash("sha1").update(SLIDING_WINDOW_SCRIPT).digest("hex")).toBe(
      SLIDING_WINDOW_SCRIPT_SHA1,
    );
  });

  it("takes an ioredis client as it is, with defaults for the rest", () => {
    const client = new Redis({ lazyConnect: true });
    const store = new RedisRateLimitStore({ client });
    expect(store.keyPrefix).toBe(DEFAULT_REDIS_KEY_PREFIX);
    expect(store.timeoutMs).toBe(250);
    client.disconnect();
  });

  it.each([
    [{}, "RedisRateLimitStore needs { client }"],
    [{ client: { evalsha: () => {} } }, "RedisRateLimitStore needs { client }"],
    [
      { client: new Redis({ lazyConnect: true }), timeoutMs: 0 },
      "timeoutMs must be a positive number of milliseconds (got 0)",
    ],
    [
      { client: new Redis({ lazyConnect: true }), keyPrefix: 7 },
      "keyPrefix must be a string (got number)",
    ],
  ])("rejects bad options: %#", (options, message) => {
    expect(() => new RedisRateLimitStore(options as never)).toThrow(message);
    expect(() => new RedisRateLimitStore(options as never)).toThrow(InvalidOptionError);
    (options as { client?: { disconnect?: () => void } }).client?.disconnect?.();
  });
});
