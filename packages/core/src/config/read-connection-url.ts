import type { ConfigErrorLocation } from "../errors/config-error.js";

type Path = readonly (string | number)[];

/** A service a policy file connects to, and the URL schemes it accepts. */
export interface ConnectionService {
  /** How the service is named in messages, e.g. `"Redis"`. */
  readonly name: string;
  /** Accepted URL schemes with their colon, e.g. `["redis:", "rediss:"]`. */
  readonly protocols: readonly string[];
}

/** Where a section's connection URL comes from, checked; the variable is read at load time. */
export type ConnectionUrlSource = (
  | { readonly kind: "inline"; readonly url: string }
  | { readonly kind: "environment"; readonly name: string }
) & {
  readonly service: ConnectionService;
  /** Where `url` or `urlEnv` is written, for the problems found when it is loaded. */
  readonly location: ConfigErrorLocation;
};

const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a schema-valid section's `url` / `urlEnv` pair: exactly one given, an inline URL that
 * parses with one of the service's schemes, an environment variable's name (never a URL).
 * Messages never repeat the URL, which may hold a password.
 *
 * @example
 * readConnectionUrl({ urlEnv: "REDIS_URL" }, ["rateLimitStore", "redis"], redis, reader);
 * // { kind: "environment", name: "REDIS_URL", service: redis, location: { … } }
 */
export function readConnectionUrl(
  section: { readonly url?: string; readonly urlEnv?: string },
  path: Path,
  service: ConnectionService,
  reader: {
    readonly fail: (path: Path, problem: string) => never;
    readonly locate: (path: Path) => ConfigErrorLocation;
  },
): ConnectionUrlSource {
  if (section.url !== undefined && section.urlEnv !== undefined) {
    reader.fail([...path, "urlEnv"], "gives both url and urlEnv: give one");
  }
  if (section.urlEnv !== undefined) {
    if (!environmentName.test(section.urlEnv)) {
      reader.fail(
        [...path, "urlEnv"],
        "must be the name of an environment variable (letters, digits and _), not the URL itself",
      );
    }
    const location = reader.locate([...path, "urlEnv"]);
    return { kind: "environment", name: section.urlEnv, service, location };
  }
  if (section.url === undefined) {
    reader.fail(
      path,
      `needs the ${service.name} server's URL: url, or urlEnv naming the environment variable that holds it`,
    );
  }
  const url = section.url as string;
  const problem = connectionUrlProblem(url, service);
  if (problem !== undefined) reader.fail([...path, "url"], problem);
  return { kind: "inline", url, service, location: reader.locate([...path, "url"]) };
}

/**
 * What is wrong with a connection URL for a service, without repeating it, or undefined.
 *
 * @example
 * connectionUrlProblem("http://cache:6379", { name: "Redis", protocols: ["redis:", "rediss:"] });
 * // 'must be a redis: or rediss: URL (got a http: URL)'
 */
export function connectionUrlProblem(url: string, service: ConnectionService): string | undefined {
  const schemes = service.protocols.join(" or ");
  if (!URL.canParse(url)) return `is not a valid URL (expected a ${schemes} URL)`;
  const { protocol } = new URL(url);
  if (!service.protocols.includes(protocol)) {
    return `must be a ${schemes} URL (got a ${protocol} URL)`;
  }
  return undefined;
}
