/**
 * The default identity lookup: the context's `agentId` property as it is, or `undefined` when
 * the context has none. The adapter kit's identity rule then refuses a present id that is not
 * a non-blank string, rather than running the call as nobody.
 *
 * @example
 * agentIdFromContext({ agentId: "research-bot" }); // "research-bot"
 * agentIdFromContext(undefined); // undefined
 */
export function agentIdFromContext(context: unknown): unknown {
  if (typeof context !== "object" || context === null) return undefined;
  return (context as { agentId?: unknown }).agentId;
}
