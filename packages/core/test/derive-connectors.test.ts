import { describe, expect, it } from "vitest";
import { deriveConnectors } from "../src/adapter-kit.js";
import { InvalidOptionError } from "../src/index.js";

const tool = (toolName: string) => ({
  toolName,
  inputSchema: () => ({ type: "object" }),
  pin: () => `sha256:${"a".repeat(64)}`,
});

describe("deriveConnectors (the adapters' shared connectorsFrom… step)", () => {
  it("builds one connector per tool with the defaults, overrides and pins", () => {
    const connectors = deriveConnectors(
      [tool("search"), tool("refund")],
      { rateLimit: 30, pin: true, overrides: { refund: { requiredPermissions: ["pay:write"] } } },
      "connectorsFromTools",
    );
    expect(connectors.map((c) => [c.name, c.rateLimit, c.requiredPermissions, c.pin])).toEqual([
      ["search", 30, [], `sha256:${"a".repeat(64)}`],
      ["refund", 30, ["pay:write"], `sha256:${"a".repeat(64)}`],
    ]);
  });

  it("refuses an override naming no tool and two tools on one connector, naming the owner", () => {
    expect(() =>
      deriveConnectors([tool("search")], { overrides: { shell: {} } }, "connectorsFromTools"),
    ).toThrow("connectorsFromTools: overrides.shell names no tool (tools: search)");
    expect(() =>
      deriveConnectors([tool("a"), tool("b")], { connectorName: () => "one" }, "owner"),
    ).toThrow(InvalidOptionError);
  });
});
