import { type AuditEntry, AuditRedactor, JsonlAuditSink } from "../../src/index.js";

/** The agents, connectors and outcomes of the viewer test's audit file, by construction. */
export interface ViewerFixture {
  readonly entries: readonly AuditEntry[];
  readonly allowed: number;
  readonly denied: number;
  readonly wouldDeny: number;
}

const agents = ["support-bot", "research-bot", "billing-bot", "intern-bot", "ops-bot"];
const connectors = ["web-search", "openai-chat", "refund-payment", "db-write", "shell"];

/**
 * `count` plausible decisions spread over the last two hours, written through the real
 * redactor: allowed calls, permission denials, rate-limit denials, a shadow connector's
 * would-denies and unregistered connectors, each input carrying an `apiKey` to redact.
 */
export function viewerEntries(count: number, endTime = Date.now()): ViewerFixture {
  const redactor = new AuditRedactor();
  const entries: AuditEntry[] = [];
  let allowed = 0;
  let denied = 0;
  let wouldDeny = 0;
  const span = 2 * 60 * 60 * 1000;
  for (let index = 0; index < count; index++) {
    // Busier towards the end, with a burst of denials in the middle.
    const fraction = Math.sqrt(index / count);
    const timestamp = new Date(endTime - span + Math.floor(fraction * span));
    const agent = agents[(index * 7) % agents.length] as string;
    const connector = connectors[(index * 3 + Math.floor(index / 7)) % connectors.length] as string;
    const attempt = redactor.redactAttempt({
      connectorName: connector,
      sourceAgent: agent,
      inputData: { query: `request ${index}`, apiKey: `sk-live-${index}` },
      timestamp,
    });
    let result: AuditEntry["result"];
    if (connector === "shell" && agent !== "ops-bot") {
      denied++;
      result = {
        allowed: false,
        check: "permission",
        reason: `agent '${agent}' is missing required permissions: shell:exec`,
        latencyMs: 0.004,
      };
    } else if (connector === "refund-payment" && agent === "intern-bot") {
      wouldDeny++;
      result = {
        allowed: true,
        reason: `shadow mode: would deny at permission: agent '${agent}' is missing required permissions: payments:write`,
        latencyMs: 0.003,
        wouldDeny: {
          check: "permission",
          reason: `agent '${agent}' is missing required permissions: payments:write`,
        },
      };
    } else if (index % 23 === 11) {
      denied++;
      result = {
        allowed: false,
        check: "rate-limit",
        reason: `rate limit exceeded for connector '${connector}' (limit: 30 req/60s); retry in 4.2s`,
        latencyMs: 0.003,
        retryAfterMs: 4200,
      };
    } else if (index % 29 === 5) {
      wouldDeny++;
      result = {
        allowed: true,
        reason:
          "shadow mode: would deny at input-schema: input validation failed: /query must be a string",
        latencyMs: 0.006,
        wouldDeny: {
          check: "input-schema",
          reason: "input validation failed: /query must be a string",
        },
      };
    } else {
      allowed++;
      result = { allowed: true, reason: "all checks passed", latencyMs: 0.002 };
    }
    entries.push({
      connectionAttempt: attempt,
      result,
      timestamp,
      ...(result.allowed
        ? { outcome: { status: "ok" as const, durationMs: 20 + (index % 9) } }
        : {}),
    });
  }
  return { entries, allowed, denied, wouldDeny };
}

/** Appends entries to a JSONL audit file through the real sink (creating or continuing it). */
export async function appendEntries(path: string, entries: readonly AuditEntry[]): Promise<void> {
  const sink = await JsonlAuditSink.open(path);
  try {
    for (const entry of entries) sink.append(entry);
    await sink.flush();
  } finally {
    await sink.close();
  }
}
