import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  AuditLog,
  type AuditSink,
  combineAuditSinks,
} from "./support/core-internals.js";

function entry(
  connectorName: string,
  sourceAgent: string,
  allowed: boolean,
  at: number,
): AuditEntry {
  const timestamp = new Date(at);
  return {
    connectionAttempt: { connectorName, sourceAgent, inputData: {}, timestamp },
    result: { allowed, reason: allowed ? "all checks passed" : "denied", latencyMs: 0 },
    timestamp,
  };
}

describe("AuditLog", () => {
  it("answers the reference's queries", () => {
    const log = new AuditLog({ maxEntries: 50_000 });
    log.append(entry("openai-chat", "agent-1", true, 1_000));
    log.append(entry("db-write", "agent-1", false, 2_000));
    log.append(entry("openai-chat", "agent-2", false, 3_000));
    expect(log.size).toBe(3);
    expect(log.allEntries().map((item) => item.timestamp.getTime())).toEqual([1_000, 2_000, 3_000]);
    expect(log.since(new Date(2_000))).toHaveLength(2);
    expect(log.forConnector("openai-chat")).toHaveLength(2);
    expect(log.forAgent("agent-1")).toHaveLength(2);
    expect(log.deniedEntries().map((item) => item.connectionAttempt.connectorName)).toEqual([
      "db-write",
      "openai-chat",
    ]);
    log.clear();
    expect(log.size).toBe(0);
    expect(log.allEntries()).toEqual([]);
  });

  it("evicts the oldest entries first when full", () => {
    const log = new AuditLog({ maxEntries: 3 });
    for (let index = 1; index <= 5; index++) log.append(entry("c", "a", true, index));
    expect(log.size).toBe(3);
    expect(log.allEntries().map((item) => item.timestamp.getTime())).toEqual([3, 4, 5]);
    log.append(entry("c", "a", true, 6));
    expect(log.allEntries().map((item) => item.timestamp.getTime())).toEqual([4, 5, 6]);
  });

  it("defaults to 10,000 entries and rejects a bad cap", () => {
    expect(new AuditLog().maxEntries).toBe(10_000);
    expect(() => new AuditLog({ maxEntries: 0 })).toThrow(
      "maxEntries must be an integer >= 1 (got 0)",
    );
  });
});

describe("combineAuditSinks", () => {
  it("writes every entry to every sink, and reports a failing sink after trying all", async () => {
    const first = new AuditLog();
    const second = new AuditLog();
    const failing: AuditSink = {
      append: () => {
        throw new Error("disk full");
      },
      flush: async () => {},
      close: async () => {},
    };
    const combined = combineAuditSinks([first, failing, second]);
    expect(() => combined.append(entry("c", "a", true, 1))).toThrow("disk full");
    expect(first.size).toBe(1);
    expect(second.size).toBe(1);
  });

  it("waits for asynchronous sinks", async () => {
    const written: string[] = [];
    const slow: AuditSink = {
      append: async (item) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        written.push(item.connectionAttempt.connectorName);
      },
      flush: async () => {},
      close: async () => {},
    };
    const combined = combineAuditSinks([new AuditLog(), slow]);
    await combined.append(entry("slow-one", "a", true, 1));
    expect(written).toEqual(["slow-one"]);
    await combined.flush();
    await combined.close();
  });
});
