import { InterceptorError, OutputValidationError } from "@aumai/connectorguard";
import { describe, expect, it } from "vitest";
import {
  agentIdFromContext,
  capabilityTokenFromContext,
  isToolCallDenial,
  toolCallDenial,
} from "../src/index.js";

describe("toolCallDenial / isToolCallDenial", () => {
  it("turns a denial into plain JSON, keeping retryAfterMs only when there is one", () => {
    const rateLimited = new InterceptorError("search", {
      allowed: false,
      check: "rate-limit",
      reason: "rate limit exceeded",
      latencyMs: 0.1,
      retryAfterMs: 1200,
    });
    const unregistered = new InterceptorError("shell", {
      allowed: false,
      check: "registry",
      reason: "connector 'shell' is not registered",
      latencyMs: 0.1,
    });

    expect(toolCallDenial(rateLimited)).toEqual({
      denied: true,
      connectorName: "search",
      check: "rate-limit",
      reason: "rate limit exceeded",
      retryAfterMs: 1200,
    });
    expect(JSON.parse(JSON.stringify(toolCallDenial(unregistered)))).toEqual({
      denied: true,
      connectorName: "shell",
      check: "registry",
      reason: "connector 'shell' is not registered",
    });
  });

  it('turns a withheld result into a denial at the "output" check', () => {
    const withheld = new OutputValidationError(
      "lookup",
      "output validation failed: /id must be integer",
    );
    expect(toolCallDenial(withheld)).toEqual({
      denied: true,
      connectorName: "lookup",
      check: "output",
      reason: "result of 'lookup' withheld: output validation failed: /id must be integer",
    });
  });

  it("recognises a denial and nothing else", () => {
    expect(isToolCallDenial({ denied: true, connectorName: "a", check: null, reason: "r" })).toBe(
      true,
    );
    expect(isToolCallDenial({ denied: "yes", connectorName: "a", reason: "r" })).toBe(false);
    expect(isToolCallDenial({ denied: true, reason: "r" })).toBe(false);
    expect(isToolCallDenial({ results: [] })).toBe(false);
    expect(isToolCallDenial(null)).toBe(false);
  });
});

describe("agentIdFromContext", () => {
  it("reads the context's agentId as it is, for the identity rule to judge", () => {
    expect(agentIdFromContext({ agentId: "research-bot" })).toBe("research-bot");
    expect(agentIdFromContext({ agentId: "" })).toBe("");
    expect(agentIdFromContext({ agentId: 7 })).toBe(7);
    expect(agentIdFromContext({ user: "research-bot" })).toBeUndefined();
    expect(agentIdFromContext("research-bot")).toBeUndefined();
    expect(agentIdFromContext(undefined)).toBeUndefined();
  });
});

describe("capabilityTokenFromContext", () => {
  it("returns whatever capabilityToken holds, for the guard to judge", () => {
    expect(capabilityTokenFromContext({ capabilityToken: "eyJ.x.y" })).toBe("eyJ.x.y");
    expect(capabilityTokenFromContext({ capabilityToken: 7 })).toBe(7);
    expect(capabilityTokenFromContext({ agentId: "research-bot" })).toBeUndefined();
    expect(capabilityTokenFromContext("eyJ.x.y")).toBeUndefined();
    expect(capabilityTokenFromContext(undefined)).toBeUndefined();
  });
});
