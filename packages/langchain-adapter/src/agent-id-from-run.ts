import { InvalidOptionError } from "@aumai/connectorguard";
import { describeValue } from "./describe-value.js";
import type { RunContext } from "./langchain-guard-options.js";

/**
 * The adapters' default identity lookup: `configurable.agentId`, then `metadata.agentId`, else
 * undefined (the core's default agent `"unknown"`, which holds no permissions). An `agentId`
 * that is present but not a non-blank string is an application bug and throws
 * `InvalidOptionError` naming the field, rather than quietly running as `"unknown"`.
 *
 * @example
 * agentIdFromRun({ configurable: { agentId: "support-bot" } }); // "support-bot"
 * agentIdFromRun({ metadata: { agentId: "billing-bot" } }); // "billing-bot"
 * agentIdFromRun({}); // undefined
 */
export function agentIdFromRun(run: RunContext): string | undefined {
  return (
    readAgentId(run.configurable, "configurable.agentId") ??
    readAgentId(run.metadata, "metadata.agentId")
  );
}

function readAgentId(
  fields: Readonly<Record<string, unknown>> | undefined,
  label: string,
): string | undefined {
  const value = fields?.agentId;
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidOptionError(
      `${label} must be a non-blank string naming the calling agent (got ${describeValue(value)})`,
    );
  }
  return value;
}
