// `npm test`: install, lint, typecheck, then every test suite (PostgreSQL too when DATABASE_URL is set).
import { existsSync } from "node:fs";
import { pnpm, step } from "./pnpm.mjs";

const started = Date.now();
step("Installing dependencies (pnpm, frozen lockfile)");
pnpm(["install", "--frozen-lockfile", "--prefer-offline", "--reporter=default"]);
step("Lint and format check (Biome)");
pnpm(["exec", "biome", "check", "."]);
step("Typecheck (tsc --noEmit per package)");
pnpm(["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"]);
step("Migrations against their snapshots (drizzle-kit check)");
// Two migrations generated from the same snapshot (branches merged), or a snapshot that does
// not follow from its parent, would apply in an order nobody generated.
pnpm(["--filter", "@parcours/db", "exec", "drizzle-kit", "check"]);
step(
  process.env.DATABASE_URL
    ? "Tests on PGlite and on PostgreSQL (DATABASE_URL is set)"
    : "Tests on PGlite (set DATABASE_URL to run them on PostgreSQL too)",
);
// The browser tests need Chromium (Debian's; Playwright cannot download its own here). CI
// installs it; elsewhere its absence is reported rather than hidden behind a failure.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const browserTests = existsSync(chromium) || process.env.CI;
if (!browserTests) {
  console.warn(
    `\n! Skipping the browser (Playwright) tests: no Chromium at ${chromium}.` +
      "\n  Install it (apt-get install chromium) or set CHROMIUM_PATH to run them.",
  );
}
// The ClickHouse suites skip themselves (each with a warning) when no server answers; say so
// here too, once, where it is seen. CI starts one and sets CLICKHOUSE_TEST_URL.
const clickhouse = process.env.CLICKHOUSE_TEST_URL || "http://127.0.0.1:8123";
const clickhouseUp = await fetch(`${clickhouse.replace(/\/+$/, "")}/ping`, {
  signal: AbortSignal.timeout(3000),
}).then(
  (response) => response.ok,
  () => false,
);
if (!clickhouseUp) {
  console.warn(
    `\n! ${process.env.CLICKHOUSE_TEST_URL ? "FAILING" : "Skipping"} the ClickHouse (analytics copy) tests: nothing answers at ${clickhouse}.` +
      "\n  Start ClickHouse (apt-get install clickhouse-server clickhouse-client, then see .ci/run) or set CLICKHOUSE_TEST_URL.",
  );
}
pnpm([
  "exec",
  "turbo",
  "run",
  "test",
  "--concurrency=1",
  ...(browserTests ? [] : ["--filter=!@parcours/e2e"]),
]);
console.log(`\n✓ All checks passed in ${Math.round((Date.now() - started) / 1000)} s.`);
