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
    // The CLI bundle below is built at the same time; leave its files alone.
    clean: ["!cli.js", "!cli.js.map"],
    target: "node20",
    // One copy of each module across the entries, so classes (errors, AuditLog) are the same
    // objects whichever subpath they are reached through.
    splitting: true,
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
]);
