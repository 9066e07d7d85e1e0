import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  AuditLog,
  type AuditReservation,
  type AuditSink,
  combineAuditSinks,
  createGuard,
  InterceptorError,
  type RateLimitDecision,
  type RateLimitStore,
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

/** A sink with room for `capacity` entries, held from `reserve` to `append`. */
class BoundedSink implements AuditSink {
  readonly entries: AuditEntry[] = [];
  held = 0;
  constructor(readonly capacity: number) {}
  append(entry: AuditEntry): void {
    if (this.entries.length + this.held >= this.capacity) throw new Error("no room");
    this.entries.push(entry);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
  reserve(): AuditReservation | string {
    if (this.entries.length + this.held >= this.capacity) return `full (${this.capacity})`;
    this.held++;
    let used = false;
    return {
      append: (entry) => {
        if (!used) this.held--;
        used = true;
        this.entries.push(entry);
      },
      release: () => {
        if (!used) this.held--;
        used = true;
      },
    };
  }
}

/** A rate-limit store that answers later, as a networked one does. */
class LateStore implements RateLimitStore {
  consume(): Promise<RateLimitDecision> {
    return new Promise((resolve) =>
      setTimeout(() => resolve({ allowed: true, count: 1, limit: 1_000, retryAfterMs: 0 }), 5),
    );
  }
}

describe("an audit sink that holds room for each admitted call", () => {
  it("admits no more concurrent calls than it has room for, and records each through its room", async () => {
    const sink = new BoundedSink(10);
    const guard = createGuard({
      connectors: [{ name: "search", version: "1.0.0", rateLimit: 1_000 }],
      audit: sink,
      rateLimitStore: new LateStore(),
      onAuditError: () => {},
    });
    let runs = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        guard.execute({ connectorName: "search" }, () => {
          runs++;
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(10);
    expect(runs).toBe(10);
    expect(sink.held).toBe(0);
    expect(sink.entries.map((entry) => entry.outcome?.status)).toEqual(Array(10).fill("ok"));
  });

  it("is reserved through combineAuditSinks in every sink, or in none", () => {
    const roomy = new BoundedSink(5);
    const full = new BoundedSink(0);
    const refusing = new RefusingSink();
    expect("reserve" in combineAuditSinks([new AuditLog(), refusing])).toBe(false);

    expect(combineAuditSinks([new AuditLog(), roomy, full]).reserve?.()).toBe("full (0)");
    expect(roomy.held).toBe(0);
    refusing.refusal = "says no";
    expect(combineAuditSinks([roomy, refusing]).reserve?.()).toBe("says no");
    expect(roomy.held).toBe(0);

    refusing.refusal = undefined;
    const log = new AuditLog();
    const held = combineAuditSinks([log, roomy, refusing]).reserve?.() as AuditReservation;
    expect(roomy.held).toBe(1);
    held.append(sampleAttemptEntry());
    expect([log.size, roomy.entries.length, refusing.entries.length, roomy.held]).toEqual([
      1, 1, 1, 0,
    ]);
    const released = combineAuditSinks([roomy]).reserve?.() as AuditReservation;
    expect(roomy.held).toBe(1);
    released.release();
    expect(roomy.held).toBe(0);
  });
});

function sampleAttemptEntry(): AuditEntry {
  const timestamp = new Date(0);
  return {
    connectionAttempt: { connectorName: "search", sourceAgent: "a", inputData: {}, timestamp },
    result: { allowed: true, reason: "all checks passed", latencyMs: 0 },
    timestamp,
  };
}
