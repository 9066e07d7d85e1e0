import { describe, expect, it, vi } from "vitest";
import {
  type ConnectionAttempt,
  type ConnectionResult,
  createGuard,
  InterceptorError,
  InvalidOptionError,
  parseConnectorSchema,
} from "../src/index.js";

const connectors = [
  { name: "refund", version: "1", requiredPermissions: ["payments:write"], rateLimit: 1 },
  { name: "search", version: "1", mode: "enforce" as const },
  { name: "new-policy", version: "1", requiredPermissions: ["beta:use"], mode: "shadow" as const },
];

describe("shadow mode", () => {
  it("allows what it would deny, says so honestly, audits it and tells onDecision", async () => {
    const decisions: [ConnectionResult, ConnectionAttempt][] = [];
    const guard = createGuard({
      connectors,
      mode: "shadow",
      onDecision: (result, attempt) => decisions.push([result, attempt]),
    });
    let ran = 0;
    const value = await guard.execute(
      { connectorName: "refund", sourceAgent: "bot", inputData: { amount: 5 } },
      () => {
        ran++;
        return "refunded";
      },
    );
    expect(value).toBe("refunded");
    expect(ran).toBe(1);
    const [result] = decisions[0] ?? [];
    expect(result).toMatchObject({
      allowed: true,
      reason:
        "shadow mode: would deny at permission: agent 'bot' is missing required permissions: payments:write",
      wouldDeny: {
        check: "permission",
        reason: "agent 'bot' is missing required permissions: payments:write",
      },
    });
    expect(result?.check).toBeUndefined();
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.result.wouldDeny?.check).toBe("permission");
    expect(entry?.outcome?.status).toBe("ok");
  });

  it("reports a would-be rate-limit denial with its retry time", async () => {
    const guard = createGuard({
      connectors,
      mode: "shadow",
      agents: { bot: { permissions: ["payments:write"] } },
    });
    await guard.check({ connectorName: "refund", sourceAgent: "bot" });
    const second = await guard.check({ connectorName: "refund", sourceAgent: "bot" });
    expect(second.allowed).toBe(true);
    expect(second.wouldDeny?.check).toBe("rate-limit");
    expect(second.wouldDeny?.retryAfterMs).toBeGreaterThan(0);
  });

  it("lets a connector's own mode override the guard's, both ways", async () => {
    const decisions: ConnectionResult[] = [];
    const shadowing = createGuard({
      connectors: [
        ...connectors,
        { name: "strict", version: "1", requiredPermissions: ["x:y"], mode: "enforce" },
      ],
      mode: "shadow",
      onDecision: (result) => decisions.push(result),
    });
    // The guard shadows, so an unknown connector (no connector mode) is only a would-deny…
    expect(await shadowing.check({ connectorName: "missing" })).toMatchObject({
      allowed: true,
      wouldDeny: { check: "registry" },
    });
    // …but a connector that enforces denies.
    expect(await shadowing.check({ connectorName: "strict", sourceAgent: "bot" })).toMatchObject({
      allowed: false,
      check: "permission",
    });
    expect(decisions.map((result) => result.allowed)).toEqual([true, false]);

    const enforcing = createGuard({ connectors });
    const shadowed = await enforcing.check({ connectorName: "new-policy", sourceAgent: "bot" });
    expect(shadowed).toMatchObject({ allowed: true, wouldDeny: { check: "permission" } });
    await expect(
      enforcing.execute({ connectorName: "refund", sourceAgent: "bot" }, () => "never"),
    ).rejects.toBeInstanceOf(InterceptorError);
  });

  it("keeps a throwing onDecision from breaking the call, and reports it", async () => {
    const guard = createGuard({
      connectors,
      onDecision: () => {
        throw new Error("observer bug");
      },
    });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect((await guard.check({ connectorName: "search" })).allowed).toBe(true);
      expect(stderr).toHaveBeenCalledWith(
        "connectorguard: onDecision handler failed: Error: observer bug\n",
      );
    } finally {
      stderr.mockRestore();
    }
  });

  it("accepts mode per connector, and rejects an unknown one", () => {
    expect(parseConnectorSchema({ name: "x", version: "1", mode: "shadow" }).mode).toBe("shadow");
    expect(() => parseConnectorSchema({ name: "x", version: "1", mode: "audit" })).toThrow(
      `connector 'x': mode must be "enforce" or "shadow" (got "audit")`,
    );
    expect(() => createGuard({ connectors, mode: "loud" as "shadow" })).toThrow(InvalidOptionError);
  });
});
