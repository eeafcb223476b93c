import { createDatabase, queryRows } from "@parcours/db";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli } from "./cli";

/** The stage names, in order, read directly (the CLI has exited: PGlite allows one process). */
async function stageNames(target: CliTarget): Promise<string[]> {
  const handle = createDatabase({
    url: target.env.DATABASE_URL || undefined,
    dataDir: target.env.PARCOURS_DATA_DIR,
  });
  try {
    const rows = await queryRows<{ name: string }>(
      handle.db,
      sql`SELECT name FROM stages ORDER BY position`,
    );
    return rows.map((r) => r.name);
  } finally {
    await handle.close();
  }
}

const FRENCH = ["Découverte", "Considération", "Décision", "Achat", "Après-vente", "Fidélisation"];
const ENGLISH = ["Discovery", "Consideration", "Decision", "Purchase", "After-sales", "Loyalty"];
/** No locale from the machine, so only what each test sets counts. */
const NEUTRAL = { LANG: "C", LC_ALL: "", LC_MESSAGES: "", PARCOURS_DEMO_LOCALE: "" };

describe("db seed --locale (PGlite)", () => {
  let target: CliTarget | undefined;
  afterEach(async () => {
    await target?.cleanup();
    target = undefined;
  });

  it("--locale fr seeds the demo catalogue and personas in French", async () => {
    target = await cliTarget("pglite");
    const run = await runCli(target, ["db", "seed", "--customers", "20", "--locale", "fr"], {
      env: NEUTRAL,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await stageNames(target)).toEqual(FRENCH);
  });

  it.each([
    ["PARCOURS_DEMO_LOCALE over LANG", { PARCOURS_DEMO_LOCALE: "fr", LANG: "en_GB.UTF-8" }, FRENCH],
    ["LANG", { LANG: "fr_FR.UTF-8" }, FRENCH],
    ["English on a machine that says nothing", {}, ENGLISH],
  ])("without --locale, follows %s", async (_, env, expected) => {
    target = await cliTarget("pglite");
    const run = await runCli(target, ["db", "seed", "--catalogue-only"], {
      env: { ...NEUTRAL, ...env },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await stageNames(target)).toEqual(expected);
  });

  it("refuses a language it does not have, naming the ones it has", async () => {
    target = await cliTarget("pglite");
    const run = await runCli(target, ["db", "seed", "--locale", "de"], { env: NEUTRAL });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--locale must be one of en, fr");
  });
});
