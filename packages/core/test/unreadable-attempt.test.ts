import { describe, expect, it, vi } from "vitest";
import { createGuard, InterceptorError } from "../src/index.js";

const connectors = [{ name: "search", version: "1.0.0" }];

/** Attempts that throw when the guard reads them. */
const unreadableAttempts = () => [
  {
    label: "a getter that throws",
    attempt: Object.defineProperty({ sourceAgent: "bot" }, "connectorName", {
      get() {
        throw new Error("boom from a getter");
      },
      enumerable: true,
    }) as never,
    detail: "boom from a getter",
  },
  {
    label: "a Proxy whose every read throws",
    attempt: new Proxy(
      {},
      {
        get() {
          throw new TypeError("boom from a proxy");
        },
      },
    ) as never,
    detail: "boom from a proxy",
  },
];

describe("an attempt the guard cannot read", () => {
  it.each(unreadableAttempts())(
    "$label: check denies it and records it",
    async ({ attempt, detail }) => {
      const guard = createGuard({ connectors });
      const result = await guard.check(attempt);
      expect(result).toMatchObject({ allowed: false, check: "registry" });
      expect(result.reason).toContain("the attempt could not be read");
      expect(result.reason).toContain(detail);
      expect(guard.auditLog.allEntries()).toHaveLength(1);
      expect(guard.auditLog.allEntries()[0]?.connectionAttempt.connectorName).toBe(
        "[unreadable attempt]",
      );
    },
  );

  it.each(unreadableAttempts())(
    "$label: execute and run deny it, never run the tool, and record it",
    async ({ attempt }) => {
      const guard = createGuard({ connectors, mode: "shadow" });
      const tool = vi.fn(() => "ran");
      await expect(guard.execute(attempt, tool)).rejects.toSatisfy(InterceptorError.isInstance);
      const outcome = await guard.run(attempt, tool);
      expect(outcome.status).toBe("denied");
      expect(tool).not.toHaveBeenCalled();
      expect(guard.auditLog.deniedEntries()).toHaveLength(2);
    },
  );
});
