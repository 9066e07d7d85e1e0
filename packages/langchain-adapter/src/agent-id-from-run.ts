import { agentIdValue } from "@aumai/connectorguard/adapter-kit";
import type { RunContext } from "./langchain-guard-options.js";

/**
 * The adapters' default identity lookup: `configurable.agentId`, then `metadata.agentId`, else
 * undefined (no identity given). An `agentId` that is present but not a non-blank string is an
 * application bug and throws `InvalidOptionError` naming the field (the adapter kit's one
 * identity rule), rather than quietly running as someone else.
 *
 * @example
 * agentIdFromRun({ configurable: { agentId: "support-bot" } }); // "support-bot"
 * agentIdFromRun({ metadata: { agentId: "billing-bot" } }); // "billing-bot"
 * agentIdFromRun({}); // undefined
 */
export function agentIdFromRun(run: RunContext): string | undefined {
  return (
    agentIdValue(run.configurable?.agentId, "configurable.agentId") ??
    agentIdValue(run.metadata?.agentId, "metadata.agentId")
  );
}
