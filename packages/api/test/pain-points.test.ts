import { upsertCustomers } from "@parcours/db/queries";
import {
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerAs, createTestUsers } from "./procedures";

// Issue 17 item 3: pain points per persona, so that a persona's page lists its own frictions
// (dashboard.journeyMap with the persona filter), ranked by what they cost.

describe.each(TEST_TARGETS)("a persona's own pain points on %s", (target) => {
  let t: TestDatabase;
  let viewer: Caller;
  const filter = { from: date(0), to: date(10 * DAY) };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    viewer = await callerAs(t.db, (await createTestUsers(t.db)).viewer);
    // 12 young customers rate the app checkout 2; 12 members rate the web checkout 5, and
    // 3 of them go on to delivery.
    await upsertCustomers(t.db, [
      ...Array.from({ length: 12 }, (_, i) => ({ externalId: `y${i}`, attributes: { age: 22 } })),
      ...Array.from({ length: 12 }, (_, i) => ({
        externalId: `m${i}`,
        attributes: { age: 50, member: true },
      })),
    ]);
    await insertEvents(t.db, [
      ...Array.from({ length: 12 }, (_, i) => ({
        id: `ya${i}`,
        customer: `y${i}`,
        touchpoint: "app_checkout",
        t: DAY,
        satisfaction: 2,
      })),
      ...Array.from({ length: 12 }, (_, i) => ({
        id: `mc${i}`,
        customer: `m${i}`,
        touchpoint: "checkout",
        t: DAY,
        satisfaction: 5,
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `md${i}`,
        customer: `m${i}`,
        touchpoint: "delivery",
        t: DAY + 3600,
      })),
    ]);
  });
  afterAll(() => t.cleanup());

  it("lists the young persona's app checkout, and nothing for the members", async () => {
    const young = await viewer.dashboard.journeyMap({
      filter: { ...filter, personas: ["young"] },
      windowSeconds: 7 * DAY,
    });
    // Young: 12 at the app checkout, rated 2 on 12 ratings; the stage (theirs alone) converts
    // 0/12 to after-sales, as the cell does: nobody lost beyond the stage's rate.
    expect(young.painPoints).toEqual([
      {
        kind: "low_satisfaction",
        stage: "purchase",
        touchpoint: "app_checkout",
        mean: 2,
        n: 12,
        customersLost: 0,
        // Nobody bought (no purchase events): no price on the customers lost.
        revenueAtRisk: null,
        // The 10 days before: nobody in the stage, so nothing to compare with: not "new" (null).
        trend: { customersLost: null, mean: null, n: 0, wasPainPoint: null },
      },
    ]);
    const members = await viewer.dashboard.journeyMap({
      filter: { ...filter, personas: ["loyal"] },
      windowSeconds: 7 * DAY,
    });
    expect(members.painPoints).toEqual([]);
    // Everyone: the app checkout (0/12 on) against the stage's 3/24: 12 × 0.125 = 1.5 lost.
    const all = await viewer.dashboard.journeyMap({ filter, windowSeconds: 7 * DAY });
    expect(all.painPoints).toEqual([
      expect.objectContaining({ touchpoint: "app_checkout", customersLost: 1.5 }),
    ]);
  });
});
