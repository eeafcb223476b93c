import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file opens its own in-memory PGlite; two at once is what these 2 cores can carry.
    maxWorkers: 2,
  },
});
