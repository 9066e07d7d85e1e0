import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Multi-process integration tests spawn `node` on the built dist: make sure it is fresh.
    globalSetup: ["test/support/build-dist.ts"],
  },
});
