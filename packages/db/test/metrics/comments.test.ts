import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  commentTerms,
  distinctiveTerms,
  getCellComments,
  getCommentCounts,
} from "../../src/metrics";
import {
  DAY,
  date,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "../helpers";

// Issue 17 item 4: a cell's comments, lowest-rated first, and the words that set them apart
// from the rest of its stage. Every figure below is worked out by hand in the comments.

const period = { from: date(0), to: date(30 * DAY) };

describe("comment terms", () => {
  it("drops French and English stop words and elisions, keeps adjacent pairs, not bare numbers", () => {
    // "l'" is an elision, "au" and "the" stop words; "20" is only part of a phrase.
    expect([...commentTerms("L'appli plante au paiement")]).toEqual([
      "appli",
      "appli plante",
      "plante",
      "paiement",
    ]);
    expect([...commentTerms("Waited 20 minutes at the desk")]).toEqual([
      "waited",
      "waited 20",
      "20 minutes",
      "minutes",
      "desk",
    ]);
  });

  it("ranks by lift against the rest of the stage, and prefers a phrase to its word at equal count", () => {
    // appli: 2/3 of the cell, 0/1 of the rest → (2/3)/((0+1)/2) = 4/3; "lent": 1 comment, under
    // the minimum of 2; "appli lente" 1 too. The rest uses "appli" never.
    expect(
      distinctiveTerms(["appli lente", "appli plante", "rapide"], ["très rapide"]).map(
        (t) => t.term,
      ),
    ).toEqual(["appli"]);
    expect(distinctiveTerms([], ["x y"])).toEqual([]);
    // "colis" is in every comment of the cell, and of the rest too: nothing special here.
    expect(
      distinctiveTerms(["colis lent", "colis perdu"], ["colis abîmé", "colis"]).map((t) => t.term),
    ).toEqual([]);
  });
});

describe.each(TEST_TARGETS)("feedback comments per cell, on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      // The cell app_checkout @ purchase: five comments in the period, one after it.
      {
        id: "a1",
        customer: "c1",
        touchpoint: "app_checkout",
        t: DAY,
        satisfaction: 1,
        comment: "L'appli plante au paiement",
      },
      {
        id: "a2",
        customer: "c2",
        touchpoint: "app_checkout",
        t: DAY + HOUR,
        satisfaction: 2,
        comment: "Paiement refusé, appli lente",
      },
      {
        id: "a3",
        customer: "c3",
        touchpoint: "app_checkout",
        t: DAY + 2 * HOUR,
        satisfaction: 2,
        comment: "paiement refusé deux fois !",
      },
      {
        id: "a4",
        customer: "c4",
        touchpoint: "app_checkout",
        t: DAY + 3 * HOUR,
        satisfaction: 5,
        comment: "Rapide et simple",
      },
      {
        id: "a5",
        customer: "c5",
        touchpoint: "app_checkout",
        t: DAY + 4 * HOUR,
        comment: "Appli correcte",
      },
      {
        id: "a6",
        customer: "c1",
        touchpoint: "app_checkout",
        t: 40 * DAY,
        satisfaction: 1,
        comment: "paiement refusé",
      },
      // Rated without words: not a comment.
      { id: "a7", customer: "c6", touchpoint: "app_checkout", t: DAY, satisfaction: 1 },
      // The rest of the purchase stage, and another stage.
      {
        id: "r1",
        customer: "c6",
        touchpoint: "checkout",
        t: DAY,
        satisfaction: 4,
        comment: "Paiement rapide",
      },
      {
        id: "r2",
        customer: "c7",
        touchpoint: "till",
        t: DAY,
        satisfaction: 5,
        comment: "Great staff, very helpful",
      },
      {
        id: "w1",
        customer: "c7",
        touchpoint: "website",
        t: DAY,
        satisfaction: 3,
        comment: "Site lent",
      },
    ]);
  });
  afterAll(() => t.cleanup());

  it("counts each cell's comments in the period, under the channel filter too", async () => {
    const byCell = (rows: { stage: string; touchpoint: string; comments: number }[]) =>
      Object.fromEntries(rows.map((r) => [`${r.touchpoint}@${r.stage}`, r.comments]));
    expect(byCell(await getCommentCounts(t.db, { filter: period }))).toEqual({
      "app_checkout@purchase": 5, // a1–a5; a6 is after the period, a7 has no words
      "checkout@purchase": 1,
      "till@purchase": 1,
      "website@consideration": 1,
    });
    // website and checkout are the web channel's.
    expect(
      byCell(await getCommentCounts(t.db, { filter: { ...period, channels: ["web"] } })),
    ).toEqual({ "checkout@purchase": 1, "website@consideration": 1 });
  });

  it("lists a cell's comments lowest-rated first, unrated last, and its distinctive words", async () => {
    const cell = await getCellComments(t.db, {
      filter: period,
      stage: "purchase",
      touchpoint: "app_checkout",
      limit: 4,
    });
    expect(cell.total).toBe(5);
    // Rating 1, then the two 2s latest first, then 5; a5 (unrated) is past the limit.
    expect(cell.comments.map((c) => [c.eventId, c.customer, c.rating])).toEqual([
      ["a1", "c1", 1],
      ["a3", "c3", 2],
      ["a2", "c2", 2],
      ["a4", "c4", 5],
    ]);
    expect(cell.comments[0]?.text).toBe("L'appli plante au paiement");
    expect(cell.analysed).toEqual({ cell: 5, rest: 2 });
    // Cell (5 comments): appli in a1, a2, a5; paiement in a1, a2, a3; refusé and "paiement
    // refusé" in a2, a3. Rest of the stage (2): paiement in r1 only.
    // Lift = (n/5) / ((rest + 1)/(2 + 1)): appli 0.6/(1/3) = 1.8; "paiement refusé" and refusé
    // 0.4/(1/3) = 1.2; paiement 0.6/(2/3) = 0.9. "refusé" goes: the phrase holds it as often.
    expect(cell.terms).toEqual([
      { term: "appli", comments: 3, share: 0.6, restShare: 0 },
      { term: "paiement refusé", comments: 2, share: 0.4, restShare: 0 },
      { term: "paiement", comments: 3, share: 0.6, restShare: 0.5 },
    ]);
  });

  it("refuses a stage or touchpoint the catalogue does not know, naming it", async () => {
    await expect(
      getCellComments(t.db, { filter: period, stage: "nowhere", touchpoint: "till", limit: 5 }),
    ).rejects.toThrow("unknown stage: nowhere");
  });
});
