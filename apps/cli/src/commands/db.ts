import { queryRows } from "@parcours/db";
import {
  DEMO_LOCALES,
  demoLocaleFromEnvironment,
  isDatabaseEmpty,
  isDemoLocale,
  seedCatalogue,
  seedDemo,
  seedPersonas,
} from "@parcours/db/demo";
import type { Command } from "commander";
import { sql } from "drizzle-orm";
import { note, UsageError, withDatabase } from "../context";

export function registerDb(program: Command): void {
  const db = program.command("db").description("database maintenance");
  db.command("migrate")
    .description("apply the committed migrations")
    .action(() =>
      withDatabase(async (handle) => {
        note(`Database migrated (${handle.kind}: ${handle.location}).`);
      }),
    );
  db.command("seed")
    .description("load demo data: the default catalogue, personas, customers and their journeys")
    .option("--customers <n>", "number of customers", "20000")
    .option("--seed <n>", "random seed (same seed, same data)", "42")
    .option(
      "--locale <en|fr>",
      "language of the catalogue's names and the personas' profiles (default: PARCOURS_DEMO_LOCALE, else the machine's: LC_ALL, LC_MESSAGES, LANG)",
    )
    .option("--force", "empty the database first")
    .option("--if-empty", "seed only when the database has no data, else do nothing")
    .option(
      "--catalogue-only",
      "only the demo catalogue and personas, no customers or events (a start to edit, then `catalog export`)",
    )
    .action(
      (options: {
        customers: string;
        seed: string;
        force?: boolean;
        ifEmpty?: boolean;
        catalogueOnly?: boolean;
        locale?: string;
      }) => {
        const locale = options.locale ?? demoLocaleFromEnvironment();
        if (!isDemoLocale(locale)) {
          throw new UsageError(`--locale must be one of ${DEMO_LOCALES.join(", ")}`);
        }
        const customers = Number(options.customers);
        const seed = Number(options.seed);
        if (!/^\d+$/.test(options.customers) || customers < 1 || customers > 2_000_000) {
          throw new UsageError("--customers must be a whole number from 1 to 2000000");
        }
        if (!/^-?\d+$/.test(options.seed)) throw new UsageError("--seed must be a whole number");
        return withDatabase(async (handle) => {
          if (!(await isDatabaseEmpty(handle.db))) {
            if (options.ifEmpty) {
              note("The database already has data: keeping it.");
              return;
            }
            if (!options.force) {
              // The data is what forbids it, not the command line: a runtime error (exit 1).
              throw new Error(
                "the database already has data, so it was left as it is; use --force to replace it with demo data (this deletes every event, customer, cohort, persona, catalogue entry and the spend)",
              );
            }
            note("Emptying the database (--force)…");
            // No CASCADE: a table that refers to these (saved views…) makes this fail loudly
            // rather than lose data nobody asked to delete. Cohorts go with the customers they
            // are made of (a static one's members would be gone).
            await queryRows(
              handle.db,
              sql`TRUNCATE events, customers, cohort_members, cohorts, personas, touchpoints, stages, channel_spend, channels RESTART IDENTITY`,
            );
          }
          if (options.catalogueOnly) {
            // Keys already there are left as they are, as `db seed` does.
            await seedCatalogue(handle.db, locale);
            await seedPersonas(handle.db, locale);
            note(
              `Seeded the demo catalogue and personas in ${locale} (${handle.kind}: ${handle.location}).`,
            );
            return;
          }
          const started = Date.now();
          note(
            `Seeding ${customers} demo customers, names in ${locale} (${handle.kind}: ${handle.location})…`,
          );
          let last = started;
          const result = await seedDemo(handle.db, {
            customers,
            seed,
            locale,
            onProgress: (p) => {
              if (Date.now() - last > 2000) {
                last = Date.now();
                note(`  ${p.customers} customers, ${p.events} events`);
              }
            },
          });
          note(
            `Seeded ${result.customers} customers, ${result.events} events and ${result.personas} personas in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
          );
        });
      },
    );
}
