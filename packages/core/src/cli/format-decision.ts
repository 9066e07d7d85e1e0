import type { ConnectionResult } from "../values/connection-result.js";
import type { TerminalStyle } from "./terminal-style.js";

/**
 * One decision as the reference prints it:
 * `  [ALLOW] openai-chat (agent=watched-agent) — all checks passed`. When a capability token
 * was verified, the agent shown is the token's, marked as verified. `nameWidth` pads the
 * connector's name, so that a run of lines keeps the agent and the reason in columns.
 *
 * @example
 * formatDecision("db-write", "agent-1", result, style);
 * // "  [DENY ] db-write (agent=agent-1) — agent 'agent-1' is missing required permissions: db:write"
 * // with a verified token: "  [ALLOW] db-write (agent=agent-7, verified by token) — all checks passed"
 */
export function formatDecision(
  connectorName: string,
  agent: string,
  result: ConnectionResult,
  style: TerminalStyle,
  nameWidth = 0,
): string {
  const label = result.allowed ? style.allow("[ALLOW]") : style.deny("[DENY ]");
  const who =
    result.verifiedAgent === undefined
      ? `agent=${agent}`
      : `agent=${result.verifiedAgent}, verified by token`;
  return `  ${label} ${connectorName.padEnd(nameWidth)} (${who}) — ${result.reason}`;
}
