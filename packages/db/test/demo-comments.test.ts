import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { generateDemo, seedDemo } from "../src/demo";
import { openTestDatabase, type TestDatabase } from "./helpers";

// Issue 17 item 4: the demo's customers write now and then, in the demo's language, and their
// words explain the frictions of the story (the app checkout, late parcels, long waits).

const END = new Date("2025-06-01T00:00:00Z");
const events = (locale: "en" | "fr" | undefined) =>
  [...generateDemo({ customers: 3000, seed: 7, end: END, ...(locale ? { locale } : {}) })].flatMap(
    (j) => j.events,
  );

describe("the demo's comments", () => {
  const en = events("en");
  const fr = events("fr");

  it("leave every other figure as it was: the same events in both languages but for the words", () => {
    const strip = (list: typeof en) => list.map(({ comment: _comment, ...rest }) => rest);
    expect(strip(fr)).toEqual(strip(en));
    expect(events(undefined)).toEqual(en);
  });

  it("come only with ratings, far more often with low ones, in the demo's language", () => {
    const commented = en.filter((e) => e.comment !== undefined);
    expect(commented.every((e) => e.satisfaction !== undefined)).toBe(true);
    const share = (low: boolean) => {
      const rated = en.filter((e) => e.satisfaction !== undefined && e.satisfaction <= 2 === low);
      return rated.filter((e) => e.comment !== undefined).length / rated.length;
    };
    // About a third of the 1–2 ratings come with words, a few in a hundred of the others.
    expect(share(true)).toBeGreaterThan(0.25);
    expect(share(false)).toBeLessThan(0.1);
    expect(share(true)).toBeGreaterThan(4 * share(false));
    const frCommented = fr.filter((e) => e.comment !== undefined);
    expect(frCommented.length).toBe(commented.length);
    expect(frCommented.some((e) => e.comment?.includes("appli"))).toBe(true);
    expect(commented.some((e) => e.comment?.includes("app"))).toBe(true);
  });

  it("say why: the app checkout's abandoned payments and the late parcels", () => {
    const at = (touchpoint: string, word: RegExp) =>
      en.filter(
        (e) => e.touchpoint === touchpoint && e.comment !== undefined && word.test(e.comment),
      );
    expect(at("app_checkout", /payment|crash|fields|form/i).length).toBeGreaterThan(10);
    expect(at("delivery", /late|waiting/i).length).toBeGreaterThan(10);
  });
});

describe("seeding the demo's comments", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase("pglite");
  });
  afterAll(() => t.cleanup());

  it("stores them with their events", async () => {
    await seedDemo(t.db, { customers: 300, seed: 7, end: END, locale: "fr" });
    const expected = [...generateDemo({ customers: 300, seed: 7, end: END, locale: "fr" })]
      .flatMap((j) => j.events)
      .filter((e) => e.comment !== undefined);
    const rows = await queryRows<{ event_id: string; comment: string }>(
      t.db,
      sql`SELECT event_id, comment FROM events WHERE comment IS NOT NULL ORDER BY event_id`,
    );
    expect(rows.length).toBe(expected.length);
    expect(rows.length).toBeGreaterThan(0);
    const byId = new Map(expected.map((e) => [e.eventId, e.comment]));
    expect(rows.every((r) => byId.get(r.event_id) === r.comment)).toBe(true);
  });
});
