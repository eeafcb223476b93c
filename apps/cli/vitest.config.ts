import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.mjs"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One file per database kind, each with its own throw-away database: they run side by side.
    fileParallelism: true,
  },
});
