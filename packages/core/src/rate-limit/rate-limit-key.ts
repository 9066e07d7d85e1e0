/**
 * The rate-limit key of one agent on one connector. The connector name is length-prefixed,
 * so no pair of names can collide (`a:b` + `c` vs `a` + `b:c`).
 *
 * @example
 * rateLimitKey("search", "bot"); // "6:search:bot"
 */
export function rateLimitKey(connectorName: string, agent: string): string {
  return `${connectorName.length}:${connectorName}:${agent}`;
}
