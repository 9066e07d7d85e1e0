import { readFileSync } from "node:fs";
import { createMiddleware } from "langchain";
import { describe, expect, it } from "vitest";
import { connectorGuardMiddleware } from "../src/index.js";

const runtimeImportOfLangchain =
  /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']langchain(?:\/[^"']*)?["']/;

describe("langchain is loaded only by the user's own code", () => {
  it("the middleware is the object createMiddleware builds, brand included", () => {
    const ours = connectorGuardMiddleware({ guard: { connectors: [] } });
    const theirs = createMiddleware({ name: ours.name, wrapToolCall: ours.wrapToolCall });
    expect(ours).toEqual(theirs);
    expect(Object.getOwnPropertySymbols(ours)).toEqual(Object.getOwnPropertySymbols(theirs));
    for (const symbol of Object.getOwnPropertySymbols(theirs)) {
      expect((ours as unknown as Record<symbol, unknown>)[symbol]).toBe(
        (theirs as unknown as Record<symbol, unknown>)[symbol],
      );
    }
  });

  it("the built package never imports langchain, so guardTools needs only @langchain/core", () => {
    for (const file of ["index.js", "index.cjs"]) {
      const text = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
      expect({ file, importsLangchain: runtimeImportOfLangchain.test(text) }).toEqual({
        file,
        importsLangchain: false,
      });
      // The detector itself: @langchain/core is imported, and would be found.
      expect(/["']@langchain\/core\//.test(text)).toBe(true);
    }
  });
});
