import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The tests start real MCP servers and the proxy as processes; on a busy machine a start
    // takes seconds. A bound that still catches a hang.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The core CLI's mcp-proxy loads the built package: make sure it is fresh.
    globalSetup: ["test/support/build-dist.ts"],
    typecheck: {
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
