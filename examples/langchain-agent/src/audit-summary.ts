import { type AuditLog, PIPELINE_CHECKS } from "@aumai/connectorguard";

/** A few lines summing up the audit log: totals, denials by check, decisions by agent. */
export function auditSummary(auditLog: AuditLog): string[] {
  const entries = auditLog.allEntries();
  const denied = auditLog.deniedEntries();
  const byCheck = PIPELINE_CHECKS.flatMap((check) => {
    const count = denied.filter((entry) => entry.result.check === check).length;
    return count === 0 ? [] : [`${check} ${count}`];
  });
  const agents = [...new Set(entries.map((entry) => entry.connectionAttempt.sourceAgent))];
  const byAgent = agents.map((agent) => {
    const own = auditLog.forAgent(agent);
    return `${agent} ${own.length} (${own.filter((entry) => entry.result.allowed).length} allowed)`;
  });
  const failed = entries.filter((entry) => entry.outcome?.status === "error").length;
  return [
    `Audit summary: ${entries.length} decisions, ${entries.length - denied.length} allowed, ${denied.length} denied; ${failed} allowed calls failed`,
    `  denied by check: ${byCheck.join(", ")}`,
    `  by agent: ${byAgent.join(", ")}`,
  ];
}
