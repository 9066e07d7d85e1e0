import { describe, expect, it } from "vitest";
import { runSupportDemo } from "../src/support-demo.js";

describe("the support-desk example", () => {
  it("runs offline: allowed calls run, each check denies one call, the summary says so", async () => {
    const lines: string[] = [];
    const { auditLog, activity } = await runSupportDemo((line) => lines.push(line));

    expect(activity).toEqual([
      "looked up A-1001",
      "emailed billing@example.com: Refund 20 on A-1001",
      "emailed ada@example.com: About A-1001",
      "refunded 20 on A-1001",
    ]);
    expect(auditLog.deniedEntries().map((entry) => entry.result.check)).toEqual([
      "permission",
      "rate-limit",
      "input-schema",
      "registry",
      "pin",
    ]);
    expect(lines).toContain(
      "         permission: agent 'support-bot' is missing required permissions: payments:write",
    );
    expect(lines).toContain(
      '  ALLOW  billing-bot → refund_payment {"orderId":"A-1001","amount":20} — ran ok',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {9}pin: tool definition of 'lookup_order' changed since it was pinned \(pinned sha256:[0-9a-f]{64}, now sha256:[0-9a-f]{64}\)/,
      ),
    );
    expect(lines).toContain("  model: The order tool is blocked; I flagged it.");
    expect(lines.at(-3)).toBe(
      "Audit summary: 9 decisions, 4 allowed, 5 denied; 0 allowed calls failed",
    );
    expect(lines.at(-2)).toBe(
      "  denied by check: registry 1, pin 1, permission 1, rate-limit 1, input-schema 1",
    );
  });
});
