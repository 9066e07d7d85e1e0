import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The Redis and PostgreSQL stores are subpath entries, so the core entry never carries them.
    entry: {
      index: "src/index.ts",
      redis: "src/redis.ts",
      postgres: "src/postgres.ts",
      testing: "src/testing.ts",
      "adapter-kit": "src/adapter-kit.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    // The CLI bundle and the viewer page below are built at the same time; leave their files alone.
    clean: ["!cli.js", "!cli.js.map", "!ui/**"],
    target: "node20",
    // One copy of each module across the entries, so classes (errors, AuditLog) are the same
    // objects whichever subpath they are reached through.
    splitting: true,
    // The CJS build gets a real `import.meta.url`: telemetry loads its optional peer from it.
    shims: true,
  },
  {
    // The CLI: one ESM file with its shebang, bundling the core (never ioredis or pg).
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
    splitting: false,
  },
  {
    // The audit viewer's page: its script with uPlot and the style sheets, for the browser, so
    // the page works offline. The CLI's `ui` command serves these files.
    entry: { viewer: "src/ui/page/viewer-page.ts" },
    outDir: "dist/ui",
    format: ["iife"],
    platform: "browser",
    target: "es2020",
    minify: true,
    dts: false,
    sourcemap: false,
    clean: false,
    splitting: false,
    noExternal: [/.*/],
    outExtension: () => ({ js: ".js" }),
  },
]);
