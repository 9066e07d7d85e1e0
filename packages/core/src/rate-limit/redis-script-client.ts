/** A key or an argument of a Redis script call. */
export type RedisScriptArgument = string | number;

/**
 * The two ioredis methods `RedisRateLimitStore` calls, and the connection state it reads. An
 * ioredis `Redis` or `Cluster` instance satisfies it as it is; so does any client with the same
 * two methods (without `status`, it is taken to be connected). Typed, so the store never has
 * to guess what it was given.
 *
 * @example
 * import { Redis } from "ioredis";
 * const client: RedisScriptClient = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
 */
export interface RedisScriptClient {
  /** `EVALSHA sha1 numberOfKeys key… argument…` */
  evalsha(
    sha1: string,
    numberOfKeys: number,
    ...keysAndArguments: RedisScriptArgument[]
  ): Promise<unknown>;
  /** `EVAL script numberOfKeys key… argument…` (also caches the script on the server). */
  eval(
    script: string,
    numberOfKeys: number,
    ...keysAndArguments: RedisScriptArgument[]
  ): Promise<unknown>;
  /**
   * ioredis' connection state (`"wait"`, `"connecting"`, `"ready"`, `"reconnecting"`,
   * `"end"`…). Until it is `"ready"` the store sends nothing: a decision waits for the
   * connection within its timeout, and is never left in the client's offline queue.
   */
  readonly status?: string;
  /** Subscribes to `"ready"`, to send the decisions waiting for the connection. */
  once?(event: "ready", listener: () => void): unknown;
  /** Starts a lazy (`lazyConnect`) client's connection. */
  connect?(): Promise<unknown>;
}
