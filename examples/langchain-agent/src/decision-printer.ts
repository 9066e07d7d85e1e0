import type { AuditEntry, AuditSink } from "@aumai/connectorguard";

/**
 * Prints every decision as it is recorded: an audit sink is all it takes. A denial is recorded
 * at once; an allowed call when it has run, with its outcome.
 */
export function decisionPrinter(write: (line: string) => void): AuditSink {
  return {
    append(entry: AuditEntry) {
      for (const line of describeDecision(entry)) write(line);
    },
    flush: async () => {},
    close: async () => {},
  };
}

/** `ALLOW agent → tool {input} — ran ok`, or `DENY agent → tool {input}` and `check: reason`. */
export function describeDecision(entry: AuditEntry): string[] {
  const { sourceAgent, connectorName, inputData } = entry.connectionAttempt;
  const call = `${sourceAgent} → ${connectorName} ${JSON.stringify(inputData)}`;
  if (!entry.result.allowed) {
    return [`  DENY   ${call}`, `         ${entry.result.check}: ${entry.result.reason}`];
  }
  const outcome = entry.outcome;
  const ran =
    outcome === undefined
      ? ""
      : outcome.status === "ok"
        ? " — ran ok"
        : ` — failed: ${outcome.error}`;
  return [`  ALLOW  ${call}${ran}`];
}
