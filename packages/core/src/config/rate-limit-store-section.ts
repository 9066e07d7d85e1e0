import { connectionUrlProperties } from "./connection-url-section.js";

/**
 * `rateLimitStore`: where rate-limit state lives when several processes share one limit.
 * Today one kind, `redis`: the server's URL (or `urlEnv`), a key prefix and a per-decision
 * timeout, the options of `RedisRateLimitStore`.
 */
export const rateLimitStoreSection = {
  type: "object",
  required: ["redis"],
  additionalProperties: false,
  properties: {
    redis: {
      type: "object",
      additionalProperties: false,
      properties: {
        ...connectionUrlProperties,
        keyPrefix: { type: "string" },
        timeoutMs: { type: "number", exclusiveMinimum: 0 },
      },
    },
  },
} as const;
