import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    // The CLI bundle below is built at the same time; leave its files alone.
    clean: ["!cli.js", "!cli.js.map"],
    target: "node20",
    splitting: false,
  },
  {
    // The CLI: one ESM file with its shebang, bundling the core (never ioredis or pg).
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
    splitting: false,
  },
]);
