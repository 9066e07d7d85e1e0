import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { InvalidOptionError } from "../src/index.js";
import { RedisConnectionGate } from "../src/rate-limit/redis-connection-gate.js";
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

describe("RedisConnectionGate", () => {
  it("lets a command wait for a client that is not connected, and refuses an ended one", async () => {
    // A lazy client at a port nobody listens on: it never becomes ready.
    const client = new Redis(1, "127.0.0.1", { lazyConnect: true, retryStrategy: () => 50 });
    client.on("error", () => {});
    const gate = new RedisConnectionGate(client);
    expect(gate.status).toBe("wait");
    let sent = 0;
    const send = () => {
      sent++;
    };
    expect(gate.admit(send)).toBe("waiting");
    gate.cancel(send);
    // The gate started the lazy client's connection: it is no longer waiting to be asked.
    expect(gate.status).not.toBe("wait");
    const ended = new Promise((resolve) => client.once("end", resolve));
    client.disconnect();
    await ended;
    expect(gate.admit(send)).toBe("ended");
    expect(sent).toBe(0);
    expect(
      new RedisConnectionGate({ evalsha: async () => 0, eval: async () => 0 }).admit(send),
    ).toBe("ready");
  });
});
