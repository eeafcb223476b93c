import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Each test spawns the CLI, which opens the database itself: one file at a time.
    fileParallelism: false,
  },
});
