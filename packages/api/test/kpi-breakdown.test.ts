import { getKpiBreakdown } from "@parcours/db/metrics";
import {
  assignTestPersonas,
  DAY,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_DATA_FORBIDDEN_MESSAGE } from "../src/trpc";
import { callerAs, codeOf, createTestUsers, failure, filter, type TestUsers } from "./procedures";

/** dashboard.kpiBreakdown (issue 19 item 4): the period's KPIs by plan and by utm. */
describe.each(TEST_TARGETS)("dashboard.kpiBreakdown on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  const byPlan = { kind: "attribute" as const, key: "plan", top: 5 };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    await insertEvents(t.db, [
      { id: "a", customer: "c1", touchpoint: "ads", t: HOUR, properties: { utm: "mail" } },
      {
        id: "b",
        customer: "c1",
        touchpoint: "checkout",
        t: DAY,
        type: "purchase",
        revenue: "40.00",
        satisfaction: 4,
      },
      { id: "c", customer: "c2", touchpoint: "ads", t: HOUR },
      { id: "d", customer: "c3", touchpoint: "ads", t: 2 * HOUR },
      { id: "e", customer: "c3", touchpoint: "checkout", t: 3 * HOUR, type: "purchase" },
    ]);
    await assignTestPersonas(t.db, { c1: { plan: "pro" }, c2: { plan: "free" } });
  });
  afterAll(() => t.cleanup());

  it.each(["admin", "manager"] as const)(
    "a %s gets each plan's KPIs: free 1 active 0 converted, pro 1 active 1 converted 40, (none) c3 converted",
    async (role) => {
      const caller = await callerAs(t.db, users[role]);
      const answer = await caller.dashboard.kpiBreakdown({ filter, breakdown: byPlan });
      expect(
        answer.series.map((s) => [
          s.kind,
          s.value,
          s.kpis.activeCustomers,
          s.kpis.convertedCustomers,
          s.kpis.revenue,
        ]),
      ).toEqual([
        ["value", "free", 1, 0, 0],
        ["value", "pro", 1, 1, 40],
        ["none", null, 1, 1, 0],
      ]);
      expect(answer.total).toMatchObject({ activeCustomers: 3, convertedCustomers: 2 });
      expect(answer).toEqual(await getKpiBreakdown(t.db, { filter, breakdown: byPlan }));
      const byUtm = await caller.dashboard.kpiBreakdown({
        filter,
        breakdown: { kind: "property", key: "utm" },
      });
      expect(byUtm.breakdown).toEqual({ kind: "property", key: "utm", top: 5 });
      expect(byUtm.series.map((s) => [s.value, s.kpis.activeCustomers])).toEqual([
        ["mail", 1],
        [null, 2],
      ]);
    },
  );

  it("a viewer may not see attribute values (customer data); nobody signed out either", async () => {
    const viewer = await callerAs(t.db, users.viewer);
    expect(await failure(viewer.dashboard.kpiBreakdown({ filter, breakdown: byPlan }))).toEqual({
      code: "FORBIDDEN",
      message: CUSTOMER_DATA_FORBIDDEN_MESSAGE,
    });
    const anonymous = await callerAs(t.db, null);
    expect(await codeOf(anonymous.dashboard.kpiBreakdown({ filter, breakdown: byPlan }))).toBe(
      "UNAUTHORIZED",
    );
  });

  it.each([
    [{ kind: "attribute", key: "plan", top: 21 }, /top/],
    [{ kind: "attribute", key: "plan", top: 0 }, /top/],
    [{ kind: "attribute", key: "" }, /key/],
    [{ kind: "property", key: "a\u0001b" }, /control character/],
    [{ kind: "persona" }, /breakdown/],
  ])("refuses the breakdown %o with a BAD_REQUEST naming it", async (breakdown, message) => {
    const caller = await callerAs(t.db, users.manager);
    const result = await failure(
      // @ts-expect-error: inputs the schema refuses, as a client might send them
      caller.dashboard.kpiBreakdown({ filter, breakdown }),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(message);
  });
});
