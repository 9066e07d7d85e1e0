import { createWriteStream } from "node:fs";
import {
  type AuditEntry,
  type ChainHead,
  chainAuditLine,
  EMPTY_CHAIN_HEAD,
} from "../../test/support/core-internals.js";

/** A realistic mix: shadow would-denies, denials by three checks, 50 agents, 4 connectors. */
function entry(index: number, start: number): AuditEntry {
  const timestamp = new Date(start + index * 20);
  const agent = `agent-${index % 50}`;
  const connectorName = ["openai-chat", "db-write", "web-search", "shell"][index % 4] as string;
  const attempt = {
    connectorName,
    sourceAgent: agent,
    inputData: { prompt: `Summarize document ${index}.`, model: "gpt-x", temperature: 0.2 },
    timestamp,
  };
  if (index % 7 === 0) {
    return {
      connectionAttempt: attempt,
      result: {
        allowed: true,
        reason: `shadow mode: would deny at permission: agent '${agent}' is missing required permissions: db:write`,
        latencyMs: 0.002,
        wouldDeny: {
          check: "permission",
          reason: `agent '${agent}' is missing required permissions: db:write`,
        },
      },
      timestamp,
      outcome: { status: "ok", durationMs: 3.1 },
    };
  }
  if (index % 11 === 0) {
    return {
      connectionAttempt: attempt,
      result: {
        allowed: false,
        check: "rate-limit",
        reason: `rate limit exceeded for connector '${connectorName}' (limit: 60 req/60s); retry in 1.2s`,
        latencyMs: 0.002,
        retryAfterMs: 1200,
      },
      timestamp,
    };
  }
  return {
    connectionAttempt: attempt,
    result: { allowed: true, reason: "all checks passed", latencyMs: 0.0013 },
    timestamp,
    outcome: { status: "ok", durationMs: 12.5 },
  };
}

/** Writes `entryCount` chained entries of that mix, 20 ms apart, ending now. */
export async function writeBenchAuditFile(path: string, entryCount: number): Promise<void> {
  const stream = createWriteStream(path);
  let head: ChainHead = EMPTY_CHAIN_HEAD;
  const start = Date.now() - entryCount * 20;
  let chunk = "";
  for (let index = 0; index < entryCount; index++) {
    const line = chainAuditLine(entry(index, start), head);
    head = line;
    chunk += `${line.text}\n`;
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk))
        await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
      chunk = "";
    }
  }
  stream.end(chunk);
  await new Promise<void>((resolve, reject) =>
    stream.on("finish", () => resolve()).on("error", reject),
  );
}
