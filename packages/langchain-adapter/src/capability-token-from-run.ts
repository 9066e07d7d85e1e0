import type { RunContext } from "./langchain-guard-options.js";

/**
 * The default capability-token lookup: `configurable.capabilityToken`, then
 * `metadata.capabilityToken`, else undefined — the same places `agentIdFromRun` reads the
 * agent, never the model's arguments. A value that is present is returned as it is, even
 * when it is not a string: the guard then denies the call (`capability token rejected: token
 * must be a string`) and audits it, rather than the adapter dropping a credential the
 * application meant to send.
 *
 * @example
 * capabilityTokenFromRun({ configurable: { capabilityToken: "eyJhbGciOi…" } }); // "eyJhbGciOi…"
 * capabilityTokenFromRun({}); // undefined
 */
export function capabilityTokenFromRun(run: RunContext): unknown {
  return run.configurable?.capabilityToken ?? run.metadata?.capabilityToken;
}
