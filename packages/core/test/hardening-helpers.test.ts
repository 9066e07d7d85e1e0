import { describe, expect, it } from "vitest";
import { describeTokenFailure } from "../src/permissions/capability-token-failure.js";
import { toCapabilityTokenVerifier } from "../src/permissions/capability-token-verifier.js";
import { failedCheck, passedChecks } from "../src/pipeline/decision-result.js";
import { checkOutput } from "../src/pipeline/output-check.js";
import { reasonText } from "../src/support/reason-text.js";
import { hasLoneSurrogate, toWellFormedText } from "../src/support/well-formed-text.js";
import {
  ConnectorRegistry,
  DEFAULT_INPUT_LIMITS,
  resolveInputLimits,
} from "./support/core-internals.js";

describe("reasonText", () => {
  it("escapes line breaks, control and bidi characters, and cuts long values", () => {
    expect(reasonText("a\nb\u0000c\u202ed")).toBe("a\\nb\\u0000c\\u202ed");
    expect(reasonText("x".repeat(200), 10)).toBe("xxxxxxxxxx…(200 chars)");
    expect(reasonText("\ud83d\ude00".repeat(10), 3)).toBe("\ud83d\ude00\ufffd…(20 chars)");
  });
});

describe("well-formed text", () => {
  it("finds and replaces lone surrogates only", () => {
    expect(hasLoneSurrogate("\ud83d\ude00")).toBe(false);
    expect(hasLoneSurrogate("a\udc00")).toBe(true);
    expect(toWellFormedText("a\ud800b\ud83d\ude00")).toBe("a\ufffdb\ud83d\ude00");
  });
});

describe("decision results", () => {
  it("denies in enforce mode and allows with wouldDeny in shadow mode", () => {
    const startedAt = performance.now();
    expect(
      failedCheck(startedAt, "enforce", "rate-limit", "slow down", { retryAfterMs: 5 }),
    ).toMatchObject({
      allowed: false,
      check: "rate-limit",
      reason: "slow down",
      retryAfterMs: 5,
    });
    const shadow = failedCheck(startedAt, "shadow", "pin", "changed", { verifiedAgent: "a" });
    expect(shadow).toMatchObject({
      allowed: true,
      reason: "shadow mode: would deny at pin: changed",
      verifiedAgent: "a",
      wouldDeny: { check: "pin", reason: "changed" },
    });
    expect(shadow.check).toBeUndefined();
    expect(passedChecks(startedAt, undefined, "store down").reason).toBe(
      'all checks passed (store down; allowed by onStoreError "allow")',
    );
  });
});

describe("describeTokenFailure", () => {
  const expected = { algorithms: ["HS256"], issuer: ["i"], audience: ["a"] };
  it("maps what jose throws to a cause, and anything else to key-unavailable", () => {
    expect(
      describeTokenFailure({ code: "ERR_JWT_EXPIRED", payload: { exp: 1e20 } }, expected),
    ).toEqual({
      valid: false,
      cause: "expired",
      reason: "capability token rejected: expired",
    });
    expect(
      describeTokenFailure(
        { code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "iat", reason: "check_failed" },
        expected,
      ).cause,
    ).toBe("invalid-claim");
    expect(describeTokenFailure(new TypeError("key type"), expected).cause).toBe(
      "algorithm-not-allowed",
    );
    expect(describeTokenFailure(new Error("socket hang up"), expected)).toMatchObject({
      cause: "key-unavailable",
      reason: "capability token rejected: verification failed: socket hang up",
    });
  });
});

describe("toCapabilityTokenVerifier", () => {
  it("refuses anything that is neither options nor a verifier", () => {
    expect(() => toCapabilityTokenVerifier(null as never)).toThrow(
      "capabilityTokens must be options or a CapabilityTokenVerifier",
    );
  });
});

describe("checkOutput", () => {
  it("reports nothing without an output schema, and a violation with one", () => {
    const registry = new ConnectorRegistry();
    registry.register({ name: "none", version: "1" });
    registry.register({ name: "typed", version: "1", outputSchema: { type: "string" } });
    const limits = DEFAULT_INPUT_LIMITS;
    expect(checkOutput(registry.find("none"), 1, "enforce", "enforce", limits)).toBeUndefined();
    expect(checkOutput(registry.find("typed"), "ok", "enforce", "enforce", limits)).toBeUndefined();
    expect(checkOutput(registry.find("typed"), 1, "enforce", "enforce", limits)).toEqual({
      violation: "output validation failed: must be string",
      enforce: true,
    });
    expect(checkOutput(registry.find("typed"), 1, "enforce", "shadow", limits)?.enforce).toBe(
      false,
    );
    expect(checkOutput(registry.find("typed"), 1, "off", "enforce", limits)).toBeUndefined();
  });
});

describe("resolveInputLimits", () => {
  it("fills defaults and refuses nonsense", () => {
    expect(resolveInputLimits({ maxDepth: 16 })).toEqual({ maxSize: 1_000_000, maxDepth: 16 });
    expect(() => resolveInputLimits({ maxSize: 0 })).toThrow(
      "inputLimits.maxSize must be an integer >= 1 (got 0)",
    );
  });
});
