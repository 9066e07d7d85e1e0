import type { AuditEntry, AuditSink } from "@aumai/connectorguard";

/**
 * An audit sink that prints each decision as the guard records it: ALLOW or DENY, the tool,
 * the agent, and the reason (with the call's outcome for allowed calls).
 */
export function printDecisions(write: (line: string) => void = console.log): AuditSink {
  return {
    append(entry: AuditEntry) {
      const { connectorName, sourceAgent } = entry.connectionAttempt;
      const verdict = entry.result.allowed ? "ALLOW" : "DENY ";
      const check = entry.result.check === undefined ? "" : ` [${entry.result.check}]`;
      const outcome = entry.outcome === undefined ? "" : ` -> tool ${entry.outcome.status}`;
      write(
        `  ${verdict} ${connectorName.padEnd(11)} ${sourceAgent.padEnd(13)}${check} ${entry.result.reason}${outcome}`,
      );
    },
    flush: async () => {},
    close: async () => {},
  };
}
