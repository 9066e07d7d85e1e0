import { describe, expect, it } from "vitest";
import {
  createGuard,
  type GuardConfig,
  OutputValidationError,
  parseConnectorSchema,
} from "../src/index.js";

const lookup = {
  name: "lookup",
  version: "1",
  outputSchema: {
    type: "object",
    properties: { id: { type: "integer" } },
    required: ["id"],
  },
};

function guardWith(config: Partial<GuardConfig> = {}) {
  return createGuard({ connectors: [lookup], ...config });
}

describe("output checks", () => {
  it("audits a non-conforming result by default and still returns it", async () => {
    const guard = guardWith();
    expect(await guard.execute({ connectorName: "lookup" }, () => ({ id: "seven" }))).toEqual({
      id: "seven",
    });
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "ok",
      outputViolation: "output validation failed: /id must be integer",
    });
  });

  it("records nothing extra for a conforming result", async () => {
    const guard = guardWith({ outputCheck: "enforce" });
    expect(await guard.execute({ connectorName: "lookup" }, async () => ({ id: 7 }))).toEqual({
      id: 7,
    });
    expect(guard.auditLog.allEntries()[0]?.outcome?.outputViolation).toBeUndefined();
  });

  it("withholds a non-conforming result under enforce, and the audit says why", async () => {
    const guard = guardWith({ outputCheck: "enforce" });
    const call = guard.execute({ connectorName: "lookup" }, () => ({ name: "no id" }));
    await expect(call).rejects.toBeInstanceOf(OutputValidationError);
    await expect(call).rejects.toThrow(
      "result of 'lookup' withheld: output validation failed: must have required property 'id'",
    );
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "error",
      error: "OutputValidationError: output validation failed: must have required property 'id'",
      outputViolation: "output validation failed: must have required property 'id'",
    });
  });

  it("skips the check when off, and a connector's outputCheck wins", async () => {
    const off = guardWith({ outputCheck: "off" });
    await off.execute({ connectorName: "lookup" }, () => "not an object");
    expect(off.auditLog.allEntries()[0]?.outcome?.outputViolation).toBeUndefined();

    const strictConnector = createGuard({
      connectors: [{ ...lookup, outputCheck: "enforce" }],
      outputCheck: "off",
    });
    await expect(
      strictConnector.execute({ connectorName: "lookup" }, () => "not an object"),
    ).rejects.toBeInstanceOf(OutputValidationError);
  });

  it("only records in shadow mode, never enforces", async () => {
    const guard = guardWith({ outputCheck: "enforce", mode: "shadow" });
    expect(await guard.execute({ connectorName: "lookup" }, () => "not an object")).toBe(
      "not an object",
    );
    expect(guard.auditLog.allEntries()[0]?.outcome?.outputViolation).toBe(
      "output validation failed: must be object",
    );
  });

  it("caps an oversized or cyclic result before validating it", async () => {
    const guard = guardWith({ outputCheck: "enforce", inputLimits: { maxDepth: 8 } });
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    await expect(guard.execute({ connectorName: "lookup" }, () => cyclic)).rejects.toThrow(
      "output too deeply nested (over the limit of 8 levels)",
    );
  });

  it("accepts outputCheck in a connector file, snake_case too", () => {
    expect(
      parseConnectorSchema({ name: "x", version: "1", output_check: "enforce" }).outputCheck,
    ).toBe("enforce");
    expect(() => parseConnectorSchema({ name: "x", version: "1", outputCheck: "strict" })).toThrow(
      `connector 'x': outputCheck must be "off", "audit" or "enforce" (got "strict")`,
    );
    expect(() => guardWith({ outputCheck: "loud" as "off" })).toThrow(
      'createGuard: /outputCheck must be one of "off", "audit", "enforce" (got "loud")',
    );
  });
});
