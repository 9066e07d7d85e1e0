import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  AuditLog,
  type AuditSink,
  combineAuditSinks,
  createGuard,
  InterceptorError,
} from "./support/core-internals.js";

/** A sink of our own interface that can refuse calls, like a full durable sink under "deny". */
class RefusingSink implements AuditSink {
  readonly entries: AuditEntry[] = [];
  refusal: string | undefined;
  append(entry: AuditEntry): void {
    this.entries.push(entry);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
  unavailableReason(): string | undefined {
    return this.refusal;
  }
}

describe("an audit sink that cannot take more entries", () => {
  it("denies calls with check 'audit' before the pipeline runs, and lets them through again", async () => {
    const sink = new RefusingSink();
    const guard = createGuard({
      connectors: [{ name: "search", version: "1.0.0", rateLimit: 1 }],
      audit: sink,
    });
    sink.refusal = "audit store unavailable: buffer full; denying (fail closed)";
    let runs = 0;
    const error = await guard
      .execute({ connectorName: "search" }, () => {
        runs++;
      })
      .catch((caught: unknown) => caught);
    expect(InterceptorError.isInstance(error) && error.result).toEqual({
      allowed: false,
      check: "audit",
      reason: "audit store unavailable: buffer full; denying (fail closed)",
      latencyMs: expect.any(Number),
    });
    expect(runs).toBe(0);
    expect((await guard.check({ connectorName: "search" })).check).toBe("audit");
    // The refusals are offered to the sinks like any decision.
    expect(sink.entries.map((entry) => entry.result.check)).toEqual(["audit", "audit"]);

    sink.refusal = undefined;
    // The refused calls took no rate-limit slot: the single one is still free.
    await guard.execute({ connectorName: "search" }, () => {
      runs++;
    });
    expect(runs).toBe(1);
  });

  it("is consulted through combineAuditSinks only when a sink can refuse", () => {
    expect("unavailableReason" in combineAuditSinks([new AuditLog(), new AuditLog()])).toBe(false);
    const quiet = new RefusingSink();
    const refusing = new RefusingSink();
    const combined = combineAuditSinks([new AuditLog(), quiet, refusing]);
    expect(combined.unavailableReason?.()).toBeUndefined();
    refusing.refusal = "second says no";
    expect(combined.unavailableReason?.()).toBe("second says no");
    quiet.refusal = "first says no";
    expect(combined.unavailableReason?.()).toBe("first says no");
  });
});
