import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "./chromium";
import { BASE_URL, PORT } from "./tests/helpers/server";

const CI = Boolean(process.env.CI);

/**
 * End-to-end tests against the production build, in Debian's Chromium (browsers are not
 * downloaded here). `scripts/serve.mjs` seeds a throwaway PGlite database and starts
 * `next start` on port 3200, so a dev server on 3000 is never touched.
 */
export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  // One server with one PGlite connection: parallel workers would only queue behind it.
  workers: 1,
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: BASE_URL,
    viewport: { width: 1440, height: 1000 },
    // Browser locale and zone fixed; the app's own language comes from the NEXT_LOCALE cookie.
    locale: "en-GB",
    timezoneId: "UTC",
    // recharts animates bars and lines unless the reader prefers reduced motion.
    reducedMotion: "reduce",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    command: "node scripts/serve.mjs",
    // Answers once the database is open and migrated, not merely when the port listens.
    url: `${BASE_URL}/api/health`,
    env: { E2E_PORT: String(PORT) },
    timeout: 180_000,
    reuseExistingServer: !CI,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
