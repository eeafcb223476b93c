import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFunnel } from "../src/queries";
import { DAY, date, insertEvents, openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "./helpers";

describe.each(TEST_TARGETS)("smoke on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      { id: "e1", customer: "c1", touchpoint: "ads", t: 0 },
      { id: "e2", customer: "c1", touchpoint: "website", t: 100 },
      { id: "e3", customer: "c1", touchpoint: "checkout", t: 200, type: "purchase", revenue: "10.50" },
      { id: "e4", customer: "c2", touchpoint: "ads", t: 0 },
    ]);
  });
  afterAll(() => t.cleanup());
  it("funnel", async () => {
    const r = await getFunnel(t.db, {
      filter: { from: date(0), to: date(DAY) },
      steps: [
        { kind: "stage", key: "discovery" },
        { kind: "stage", key: "consideration" },
        { kind: "stage", key: "purchase" },
      ],
    });
    expect(r.steps.map((s) => s.customers)).toEqual([2, 1, 1]);
    expect(r.steps[2]?.medianSecondsToStep).toBe(200);
  });
});
