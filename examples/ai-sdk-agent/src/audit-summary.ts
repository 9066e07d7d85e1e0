import type { AuditLog } from "@aumai/connectorguard";

/** Counts from the audit log: totals, denials per check, and calls per agent and tool. */
export function auditSummary(auditLog: AuditLog): string {
  const entries = auditLog.allEntries();
  const denied = auditLog.deniedEntries();
  const count = (keys: string[]) => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return [...counts].map(([key, total]) => `${key}: ${total}`).join(", ");
  };
  return [
    `  decisions: ${entries.length} (allowed ${entries.length - denied.length}, denied ${denied.length})`,
    `  denied by check: ${count(denied.map((entry) => entry.result.check ?? "none"))}`,
    `  by agent: ${count(entries.map((entry) => entry.connectionAttempt.sourceAgent))}`,
    `  by tool: ${count(entries.map((entry) => entry.connectionAttempt.connectorName))}`,
  ].join("\n");
}
