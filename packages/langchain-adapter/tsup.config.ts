import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: false,
  // Resolved from the user's install, never bundled: they are (peer) dependencies.
  external: ["@aumai/connectorguard", "@langchain/core", "langchain"],
});
