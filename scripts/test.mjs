// `npm test`: install, lint, typecheck, then every test suite (PostgreSQL too when DATABASE_URL is set).
import { pnpm, step } from "./pnpm.mjs";

const started = Date.now();
step("Installing dependencies (pnpm, frozen lockfile)");
pnpm(["install", "--frozen-lockfile", "--prefer-offline", "--reporter=default"]);
step("Lint and format check (Biome)");
pnpm(["exec", "biome", "check", "."]);
step("Typecheck (tsc --noEmit per package)");
pnpm(["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"]);
step(
  process.env.DATABASE_URL
    ? "Tests on PGlite and on PostgreSQL (DATABASE_URL is set)"
    : "Tests on PGlite (set DATABASE_URL to run them on PostgreSQL too)",
);
pnpm(["exec", "turbo", "run", "test", "--concurrency=1"]);
console.log(`\n✓ All checks passed in ${Math.round((Date.now() - started) / 1000)} s.`);
