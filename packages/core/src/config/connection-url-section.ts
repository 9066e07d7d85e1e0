/**
 * The keys that say where a service's connection URL comes from: `url` inline, or `urlEnv`
 * naming the environment variable that holds it (URLs often carry a password). A section
 * gives exactly one; `readConnectionUrl` checks that.
 */
export const connectionUrlProperties = {
  url: { type: "string", minLength: 1, pattern: "\\S" },
  urlEnv: { type: "string", minLength: 1, pattern: "\\S" },
} as const;
