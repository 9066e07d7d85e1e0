/**
 * The default capability-token lookup: the context's `capabilityToken` property, from the same
 * context `agentIdFromContext` reads (`experimental_context` in AI SDK 6, the tool's
 * `toolsContext` entry in AI SDK 7), never the model's input. A value that is present is
 * returned as it is, even when it is not a string: the guard then denies the call
 * (`capability token rejected: token must be a string`) and audits it, rather than the
 * adapter dropping a credential the application meant to send.
 *
 * @example
 * capabilityTokenFromContext({ agentId: "research-bot", capabilityToken: "eyJhbGciOi…" }); // "eyJhbGciOi…"
 * capabilityTokenFromContext(undefined); // undefined
 */
export function capabilityTokenFromContext(context: unknown): unknown {
  if (typeof context !== "object" || context === null) return undefined;
  return (context as { capabilityToken?: unknown }).capabilityToken;
}
