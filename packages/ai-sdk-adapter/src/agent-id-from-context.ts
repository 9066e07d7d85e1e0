/**
 * The default identity lookup: the context's `agentId` property, when it is a non-empty
 * string; otherwise `undefined`.
 *
 * @example
 * agentIdFromContext({ agentId: "research-bot" }); // "research-bot"
 * agentIdFromContext(undefined); // undefined
 */
export function agentIdFromContext(context: unknown): string | undefined {
  if (typeof context !== "object" || context === null) return undefined;
  const agentId = (context as { agentId?: unknown }).agentId;
  return typeof agentId === "string" && agentId !== "" ? agentId : undefined;
}
