import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: ["!cli.js", "!cli.js.map"],
    target: "node20",
    splitting: false,
  },
  {
    // The `connectorguard-mcp` binary: one ESM file with its shebang.
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
    splitting: false,
  },
]);
