import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import {
  DEMO_CHANNELS,
  DEMO_PERSONAS,
  DEMO_STAGES,
  DEMO_TOUCHPOINTS,
  demoCatalogue,
  demoLocaleFromEnvironment,
  demoPersonas,
  seedDemo,
} from "../src/demo";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "./helpers";

describe("the demo's language", () => {
  it("translates every name, goal, action and persona profile, keeping keys, rules and colours", () => {
    const fr = demoCatalogue("fr");
    expect(fr.stages.map((s) => s.key)).toEqual(DEMO_STAGES.map((s) => s.key));
    expect(fr.touchpoints.map((t) => [t.key, t.channel, t.stage])).toEqual(
      DEMO_TOUCHPOINTS.map((t) => [t.key, t.channel, t.stage]),
    );
    // A few words are French too ("Web", "Newsletter"); every other text is translated.
    const sameWord = new Set(["Web", "Newsletter", "Newsletters"]);
    const english = [
      ...DEMO_STAGES.flatMap((s) => [s.name, s.goal, ...s.actions]),
      ...DEMO_CHANNELS.map((c) => c.name),
      ...DEMO_TOUCHPOINTS.map((t) => t.name),
      ...DEMO_PERSONAS.flatMap((p) => [
        p.name,
        p.description,
        ...p.goals,
        ...p.needs,
        ...p.painPoints,
      ]),
    ].filter((text) => !sameWord.has(text));
    const french = new Set([
      ...fr.stages.flatMap((s) => [s.name, s.goal, ...s.actions]),
      ...fr.channels.map((c) => c.name),
      ...fr.touchpoints.map((t) => t.name),
      ...demoPersonas("fr").flatMap((p) => [
        p.name,
        p.description,
        ...p.goals,
        ...p.needs,
        ...p.painPoints,
      ]),
    ]);
    expect(english.filter((text) => french.has(text))).toEqual([]);
    expect(
      demoPersonas("fr").map(({ key, colour, priority, rules }) => ({
        key,
        colour,
        priority,
        rules,
      })),
    ).toEqual(
      DEMO_PERSONAS.map(({ key, colour, priority, rules }) => ({ key, colour, priority, rules })),
    );
  });

  it("follows PARCOURS_DEMO_LOCALE, else the machine's locale (LC_ALL, LC_MESSAGES, LANG, Intl)", () => {
    expect(demoLocaleFromEnvironment({ PARCOURS_DEMO_LOCALE: "fr" }, "en-US")).toBe("fr");
    expect(
      demoLocaleFromEnvironment({ PARCOURS_DEMO_LOCALE: "en", LANG: "fr_FR.UTF-8" }, "fr-FR"),
    ).toBe("en");
    expect(demoLocaleFromEnvironment({ LANG: "fr_FR.UTF-8" }, "en-US")).toBe("fr");
    expect(demoLocaleFromEnvironment({ LC_ALL: "en_GB.UTF-8", LANG: "fr_FR.UTF-8" }, "fr-FR")).toBe(
      "en",
    );
    expect(demoLocaleFromEnvironment({ LC_ALL: "C.UTF-8", LANG: "fr_CA.UTF-8" }, "en-US")).toBe(
      "fr",
    );
    expect(demoLocaleFromEnvironment({}, "fr-BE")).toBe("fr");
    expect(demoLocaleFromEnvironment({ LANG: "C" }, "en-US")).toBe("en");
    expect(demoLocaleFromEnvironment({ LANG: "de_DE.UTF-8" }, "de-DE")).toBe("en");
  });
});

describe.each(TEST_TARGETS)("the French demo on %s", (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedDemo(t.db, { customers: 50, seed: 3, locale: "fr" });
  });
  afterAll(() => t.close());

  it("stores French stage, touchpoint, channel and persona names under the usual keys", async () => {
    const stages = await queryRows<{ key: string; name: string; goal: string }>(
      t.db,
      sql`SELECT key, name, goal FROM stages ORDER BY position`,
    );
    expect(stages.map((s) => s.name)).toEqual([
      "Découverte",
      "Considération",
      "Décision",
      "Achat",
      "Après-vente",
      "Fidélisation",
    ]);
    expect(stages[0]).toMatchObject({
      key: "discovery",
      goal: "Attirer l’attention du client potentiel.",
    });
    const [touchpoint] = await queryRows<{ name: string }>(
      t.db,
      sql`SELECT name FROM touchpoints WHERE key = 'store_till'`,
    );
    expect(touchpoint?.name).toBe("Caisse du magasin");
    const [channel] = await queryRows<{ name: string }>(
      t.db,
      sql`SELECT name FROM channels WHERE key = 'social'`,
    );
    expect(channel?.name).toBe("Réseaux sociaux");
    const [persona] = await queryRows<{ name: string; description: string; goals: string[] }>(
      t.db,
      sql`SELECT name, description, goals FROM personas WHERE key = 'mobile_first'`,
    );
    expect(persona).toEqual({
      name: "Millennial tout-mobile",
      description:
        "Moins de 35 ans, découvre sur les réseaux sociaux et achète depuis son téléphone, souvent tard le soir.",
      goals: ["Trouver vite un bon produit", "Acheter en quelques gestes"],
    });
    // The rules are the same, so customers are still assigned.
    const [assigned] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM customers WHERE persona_id IS NOT NULL`,
    );
    expect(assigned?.n).toBeGreaterThan(0);
  });
});
