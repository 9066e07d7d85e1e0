import { ConfigError } from "../errors/config-error.js";
import { type ConnectionUrlSource, connectionUrlProblem } from "./read-connection-url.js";

/**
 * The connection URL a checked `url` / `urlEnv` pair stands for: the inline URL, or the value
 * of the environment variable, checked like an inline one. A variable that is not set, or that
 * does not hold a URL of the service's scheme, is a `ConfigError` at `urlEnv` that names the
 * variable but never its value.
 *
 * @example
 * resolveConnectionUrl(policy.rateLimitStore.redis.url, { REDIS_URL: "redis://cache:6379" });
 * // "redis://cache:6379"
 */
export function resolveConnectionUrl(
  source: ConnectionUrlSource,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (source.kind === "inline") return source.url;
  const url = env[source.name];
  if (url === undefined || url.trim() === "") {
    throw new ConfigError(
      source.location,
      `environment variable ${source.name} is not set (it must hold the ${source.service.name} server's URL)`,
    );
  }
  const problem = connectionUrlProblem(url, source.service);
  if (problem !== undefined) {
    throw new ConfigError(source.location, `environment variable ${source.name} ${problem}`);
  }
  return url;
}
