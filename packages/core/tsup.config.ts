import { defineConfig } from "tsup";

export default defineConfig({
  // The Redis and PostgreSQL stores are subpath entries, so the core entry never carries them.
  entry: { index: "src/index.ts", redis: "src/redis.ts", postgres: "src/postgres.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: false,
});
