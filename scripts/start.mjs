// `npm start`: install, migrate and seed the embedded database on first start, then serve.
import { pnpm, step } from "./pnpm.mjs";

step("Installing dependencies (pnpm, frozen lockfile)");
pnpm(["install", "--frozen-lockfile", "--prefer-offline"]);
step("Migrating the database and seeding demo data on first start");
pnpm(["parcours", "db", "migrate"]);
pnpm(["parcours", "db", "seed", "--if-empty"]);
step("Ready");
console.log(
  [
    "The database is migrated and holds the demo data (embedded PGlite in .data/ unless DATABASE_URL is set).",
    "The web dashboard is not built yet; explore the data with the CLI meanwhile, for example:",
    "  pnpm parcours catalog",
    "  pnpm parcours kpis --from 2026-01-01 --to 2026-02-01",
    "  pnpm parcours funnel --steps discovery,consideration,decision,purchase --from 2026-01-01 --to 2026-02-01",
  ].join("\n"),
);
