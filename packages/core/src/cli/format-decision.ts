import type { ConnectionResult } from "../guard/connection-result.js";
import type { TerminalStyle } from "./terminal-style.js";

/**
 * One decision as the reference prints it:
 * `  [ALLOW] openai-chat (agent=watched-agent) — all checks passed`.
 *
 * @example
 * formatDecision("db-write", "agent-1", result, style);
 * // "  [DENY ] db-write (agent=agent-1) — agent 'agent-1' is missing required permissions: db:write"
 */
export function formatDecision(
  connectorName: string,
  agent: string,
  result: ConnectionResult,
  style: TerminalStyle,
): string {
  const label = result.allowed ? style.allow("[ALLOW]") : style.deny("[DENY ]");
  return `  ${label} ${connectorName} (agent=${agent}) — ${result.reason}`;
}
