import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { AuditEntry } from "../../src/index.js";

/** A fresh temporary folder per test, removed afterwards. */
export function useTemporaryFolder(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
  });
  return async () => {
    const folder = await mkdtemp(join(tmpdir(), "connectorguard-"));
    made.push(folder);
    return folder;
  };
}

/** A plausible audit entry, distinct per index. */
export function sampleEntry(index: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  const timestamp = new Date(Date.UTC(2026, 10, 24, 12, 0, 0, index));
  const allowed = index % 3 !== 0;
  return {
    connectionAttempt: {
      connectorName: index % 2 === 0 ? "openai-chat" : "db-write",
      sourceAgent: `agent-${index % 4}`,
      inputData: { prompt: `request ${index}`, nested: { values: [index, true, null] } },
      timestamp,
    },
    result: allowed
      ? { allowed, reason: "all checks passed", latencyMs: 0.01 * index }
      : {
          allowed,
          check: "permission",
          reason: `agent 'agent-${index % 4}' is missing required permissions: db:write`,
          latencyMs: 0.02,
        },
    timestamp,
    ...(allowed && index % 5 === 0 ? { outcome: { status: "ok", durationMs: 1.5 } } : {}),
    ...overrides,
  };
}
