import { afterEach, describe, expect, it, vi } from "vitest";
import { missingService, runningInCi } from "./support/missing-service.js";

describe("a service the tests need is missing", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("reads CI the way CI systems set it", () => {
    expect(runningInCi({ CI: "true" })).toBe(true);
    expect(runningInCi({ CI: "1" })).toBe(true);
    expect(runningInCi({ CI: "false" })).toBe(false);
    expect(runningInCi({ CI: "0" })).toBe(false);
    expect(runningInCi({ CI: "" })).toBe(false);
    expect(runningInCi({})).toBe(false);
  });

  it("fails the run under CI=true instead of skipping", () => {
    vi.stubEnv("CI", "true");
    expect(() => missingService("Redis tests", "no Redis at redis://127.0.0.1:1")).toThrow(
      "Redis tests cannot run with CI=true: no Redis at redis://127.0.0.1:1",
    );
  });

  it("skips with the reason printed on a developer's machine", () => {
    vi.stubEnv("CI", "");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(missingService("PostgreSQL tests", "no PostgreSQL")).toBe(false);
    expect(warn).toHaveBeenCalledWith("SKIPPING PostgreSQL tests: no PostgreSQL");
  });
});
