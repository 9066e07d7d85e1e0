import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // A bound that catches a hang, not a speed target: CI machines are shared, and the property
    // tests (1,000 mutations, 4 processes) take seconds there instead of a fraction of one.
    testTimeout: 30_000,
    // Multi-process integration tests spawn `node` on the built dist: make sure it is fresh.
    globalSetup: ["test/support/build-dist.ts"],
  },
});
