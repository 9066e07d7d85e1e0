/**
 * `@aumai/connectorguard/redis`: rate-limit state in Redis, shared by every process that uses
 * the same server. Needs `ioredis` (an optional peer dependency) only for the client you pass.
 */
export {
  DEFAULT_REDIS_KEY_PREFIX,
  RedisRateLimitStore,
  type RedisRateLimitStoreOptions,
} from "./rate-limit/redis-rate-limit-store.js";
export type { RedisScriptArgument, RedisScriptClient } from "./rate-limit/redis-script-client.js";
export {
  SLIDING_WINDOW_SCRIPT,
  SLIDING_WINDOW_SCRIPT_SHA1,
} from "./rate-limit/redis-sliding-window-script.js";
