import { afterEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../audit/audit-entry.js";
import type { AuditSink } from "../audit/audit-sink.js";
import { createGuard } from "../guard/create-guard.js";

/** What the conformance suite needs from one sink under test. */
export interface AuditSinkHarness {
  readonly sink: AuditSink;
  /** Every entry the sink's store holds, oldest first, read back from where it keeps them. */
  readBack(): Promise<readonly AuditEntry[]>;
  /** Releases what the harness holds (files, pools, tables); the sink is closed already. */
  dispose?(): Promise<void>;
}

/**
 * The behaviour every `AuditSink` must have, run against the in-memory log, the JSONL file
 * and PostgreSQL alike: what is appended is stored once, in order, with every field a reader
 * needs; `flush` waits for it; many concurrent appends lose nothing; `close` can be called
 * twice; and a guard that writes to the sink records each decision it makes.
 *
 * @example
 * describeAuditSink("AuditLog", async () => {
 *   const sink = new AuditLog();
 *   return { sink, readBack: async () => sink.allEntries() };
 * });
 */
export function describeAuditSink(name: string, makeHarness: () => Promise<AuditSinkHarness>) {
  describe(`AuditSink conformance: ${name}`, () => {
    const open: AuditSinkHarness[] = [];
    const harness = async (): Promise<AuditSinkHarness> => {
      const made = await makeHarness();
      open.push(made);
      return made;
    };
    afterEach(async () => {
      for (const made of open.splice(0)) {
        await made.sink.close();
        await made.dispose?.();
      }
    });

    it("stores what is appended, in order, with its decision, attempt and outcome", async () => {
      const { sink, readBack } = await harness();
      const entries = [denied(1), allowedWithOutcome(2), allowedWithOutcome(3)];
      for (const entry of entries) await sink.append(entry);
      await sink.flush();
      const stored = await readBack();
      expect(stored.map(summary)).toEqual(entries.map(summary));
    });

    it("resolves flush with nothing appended", async () => {
      const { sink, readBack } = await harness();
      await sink.flush();
      expect(await readBack()).toEqual([]);
    });

    it("loses nothing under 500 concurrent appends", async () => {
      const { sink, readBack } = await harness();
      const entries = Array.from({ length: 500 }, (_, index) => allowedWithOutcome(index));
      await Promise.all(entries.map((entry) => sink.append(entry)));
      await sink.flush();
      const stored = await readBack();
      expect(stored.map(summary)).toEqual(entries.map(summary));
    });

    it("can be closed twice", async () => {
      const { sink } = await harness();
      await sink.append(denied(1));
      await sink.close();
      await expect(sink.close()).resolves.toBeUndefined();
    });

    it("records every decision of a guard that writes to it, allowed and denied", async () => {
      const { sink, readBack } = await harness();
      const guard = createGuard({
        connectors: [{ name: "search", version: "1.0.0", requiredPermissions: ["web:read"] }],
        agents: { reader: { permissions: ["web:read"] } },
        audit: sink,
      });
      await guard.check({ connectorName: "search", sourceAgent: "reader", inputData: { q: "a" } });
      await guard.check({ connectorName: "search", sourceAgent: "stranger", inputData: {} });
      await guard.execute({ connectorName: "search", sourceAgent: "reader" }, () => "done");
      await guard.flush();
      const stored = await readBack();
      expect(
        stored.map((entry) => [entry.connectionAttempt.sourceAgent, entry.result.allowed]),
      ).toEqual([
        ["reader", true],
        ["stranger", false],
        ["reader", true],
      ]);
      expect(stored[1]?.result.check).toBe("permission");
      expect(stored[2]?.outcome?.status).toBe("ok");
    });
  });
}

function denied(index: number): AuditEntry {
  const timestamp = new Date(Date.UTC(2026, 11, 1, 12, 0, 0, index));
  return {
    connectionAttempt: {
      connectorName: "db-write",
      sourceAgent: `agent-${index}`,
      inputData: { table: "orders", row: { id: index } },
      timestamp,
    },
    result: {
      allowed: false,
      check: "permission",
      reason: `agent 'agent-${index}' is missing required permissions: db:write`,
      latencyMs: 0.02,
    },
    timestamp,
  };
}

function allowedWithOutcome(index: number): AuditEntry {
  const timestamp = new Date(Date.UTC(2026, 11, 1, 12, 0, 1, index % 1000));
  return {
    connectionAttempt: {
      connectorName: "search",
      sourceAgent: "reader",
      inputData: { query: `request ${index}` },
      timestamp,
    },
    result: { allowed: true, reason: "all checks passed", latencyMs: 0.01 },
    timestamp,
    outcome: { status: "ok", durationMs: 1.5 },
  };
}

/** The fields every sink must keep, in a form that compares across stores. */
function summary(entry: AuditEntry) {
  return {
    connectorName: entry.connectionAttempt.connectorName,
    sourceAgent: entry.connectionAttempt.sourceAgent,
    inputData: entry.connectionAttempt.inputData,
    allowed: entry.result.allowed,
    check: entry.result.check,
    reason: entry.result.reason,
    timestamp: entry.timestamp.toISOString(),
    outcome: entry.outcome?.status,
  };
}
