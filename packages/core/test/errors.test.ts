import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  ConnectorGuardError,
  ConnectorRegistry,
  ErrorCodes,
  InterceptorError,
  RegistryError,
} from "../src/index.js";

// The built CommonJS copy is a second copy of the package, as a duplicated install would be.
const otherCopy = createRequire(import.meta.url)(
  "../dist/index.cjs",
) as typeof import("../src/index.js");

describe("errors", () => {
  it("are recognised across copies of the package, where instanceof fails", () => {
    let foreign: unknown;
    try {
      new otherCopy.ConnectorRegistry().get("missing");
    } catch (caught) {
      foreign = caught;
    }
    expect(foreign).not.toBeInstanceOf(RegistryError);
    expect(RegistryError.isInstance(foreign)).toBe(true);
    expect(ConnectorGuardError.isInstance(foreign)).toBe(true);
    expect(InterceptorError.isInstance(foreign)).toBe(false);
  });

  it("carry a stable code, a name and a message", () => {
    let error: unknown;
    try {
      new ConnectorRegistry().get("missing");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "RegistryError",
      code: ErrorCodes.connectorNotFound,
      message: "connector 'missing' is not registered",
    });
  });

  it("are not confused with unrelated values", () => {
    expect(ConnectorGuardError.isInstance(new Error("x"))).toBe(false);
    expect(ConnectorGuardError.isInstance(null)).toBe(false);
    expect(ConnectorGuardError.isInstance("CG_CALL_DENIED")).toBe(false);
    expect(RegistryError.isInstance({ code: ErrorCodes.connectorNotFound })).toBe(false);
  });

  it("has unique codes", () => {
    const codes = Object.values(ErrorCodes);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
