import { readFile } from "node:fs/promises";

interface AuditLine {
  readonly connectionAttempt: { readonly connectorName: string; readonly sourceAgent: string };
  readonly result: { readonly allowed: boolean; readonly check?: string };
}

/** A few lines summing up the proxy's audit file: totals and denials by check. */
export async function auditSummary(path: string): Promise<string[]> {
  const entries = (await readFile(path, "utf8"))
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as AuditLine);
  const denied = entries.filter((entry) => !entry.result.allowed);
  const byCheck = new Map<string, number>();
  for (const entry of denied) {
    const check = entry.result.check ?? "unknown";
    byCheck.set(check, (byCheck.get(check) ?? 0) + 1);
  }
  return [
    `Audit summary: ${entries.length} decisions, ${entries.length - denied.length} allowed, ${denied.length} denied`,
    `  denied by check: ${[...byCheck].map(([check, count]) => `${check} ${count}`).join(", ")}`,
  ];
}
