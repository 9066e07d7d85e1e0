import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The tests start real MCP servers and the proxy as processes; on a busy machine a start
    // takes seconds. A bound that still catches a hang.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: {
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
