import { InvalidOptionError } from "@aumai/connectorguard";
import { describe, expect, it } from "vitest";
import { agentIdFromRun, capabilityTokenFromRun } from "../src/index.js";

describe("agentIdFromRun", () => {
  it("reads configurable.agentId first, then metadata.agentId", () => {
    expect(agentIdFromRun({ configurable: { agentId: "a" }, metadata: { agentId: "b" } })).toBe(
      "a",
    );
    expect(agentIdFromRun({ configurable: {}, metadata: { agentId: "b" } })).toBe("b");
    expect(agentIdFromRun({ context: { agentId: "c" } })).toBeUndefined();
    expect(agentIdFromRun({})).toBeUndefined();
  });

  it("refuses an agentId that is present but not a non-blank string", () => {
    expect(() => agentIdFromRun({ metadata: { agentId: "" } })).toThrow(InvalidOptionError);
    expect(() => agentIdFromRun({ configurable: { agentId: ["a"] } })).toThrow(
      "configurable.agentId must be a non-blank string naming the calling agent (got an array)",
    );
  });
});

describe("capabilityTokenFromRun", () => {
  it("reads configurable.capabilityToken first, then metadata, and judges nothing", () => {
    expect(
      capabilityTokenFromRun({
        configurable: { capabilityToken: "a" },
        metadata: { capabilityToken: "b" },
      }),
    ).toBe("a");
    expect(capabilityTokenFromRun({ metadata: { capabilityToken: "b" } })).toBe("b");
    expect(capabilityTokenFromRun({ configurable: { capabilityToken: 7 } })).toBe(7);
    expect(capabilityTokenFromRun({ context: { capabilityToken: "c" } })).toBeUndefined();
  });
});
