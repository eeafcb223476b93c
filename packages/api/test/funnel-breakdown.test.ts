import { getFunnelBreakdown } from "@parcours/db/metrics";
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
import { callerAs, createTestUsers, failure, filter, steps, type TestUsers } from "./procedures";

/** funnels.breakdown and funnels.breakdownKeys (issue 19 item 4), discovery → purchase. */
describe.each(TEST_TARGETS)("funnels.breakdown on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  const byPlan = { kind: "attribute" as const, key: "plan", top: 5 };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    await insertEvents(t.db, [
      { id: "a", customer: "c1", touchpoint: "ads", t: HOUR, properties: { utm: "mail" } },
      { id: "b", customer: "c1", touchpoint: "checkout", t: DAY, type: "purchase" },
      { id: "c", customer: "c2", touchpoint: "ads", t: HOUR },
      { id: "d", customer: "c3", touchpoint: "ads", t: 2 * HOUR },
      { id: "e", customer: "c3", touchpoint: "checkout", t: 3 * HOUR, type: "purchase" },
    ]);
    await assignTestPersonas(t.db, { c1: { plan: "pro" }, c2: { plan: "free" } });
  });
  afterAll(() => t.cleanup());

  it.each(["admin", "manager"] as const)(
    "a %s gets each plan's funnel: free [1, 0], pro [1, 1], (none) [1, 1]",
    async (role) => {
      const caller = await callerAs(t.db, users[role]);
      const answer = await caller.funnels.breakdown({ filter, steps, breakdown: byPlan });
      expect(
        answer.series.map((s) => [s.kind, s.value, s.funnel.steps.map((x) => x.customers)]),
      ).toEqual([
        ["value", "free", [1, 0]],
        ["value", "pro", [1, 1]],
        ["none", null, [1, 1]],
      ]);
      expect(answer).toEqual(await getFunnelBreakdown(t.db, { filter, steps, breakdown: byPlan }));
      expect(await caller.funnels.breakdownKeys()).toEqual({
        attributes: ["plan"],
        properties: ["utm"],
      });
    },
  );

  it("a viewer may not see attribute values (customer data); nobody signed out either", async () => {
    const viewer = await callerAs(t.db, users.viewer);
    expect(await failure(viewer.funnels.breakdown({ filter, steps, breakdown: byPlan }))).toEqual({
      code: "FORBIDDEN",
      message: CUSTOMER_DATA_FORBIDDEN_MESSAGE,
    });
    expect((await failure(viewer.funnels.breakdownKeys())).code).toBe("FORBIDDEN");
    const anonymous = await callerAs(t.db, null);
    expect((await failure(anonymous.funnels.breakdownKeys())).code).toBe("UNAUTHORIZED");
  });

  it.each([
    [{ kind: "attribute", key: "plan", top: 21 }, /top/],
    [{ kind: "attribute", key: "plan", top: 0 }, /top/],
    [{ kind: "attribute", key: "" }, /key/],
    [{ kind: "property", key: "a\u0001b" }, /control character/],
    [{ kind: "channel", key: "web" }, /breakdown/],
  ])("refuses the breakdown %o with a BAD_REQUEST naming it", async (breakdown, message) => {
    const caller = await callerAs(t.db, users.manager);
    const result = await failure(
      // @ts-expect-error: inputs the schema refuses, as a client might send them
      caller.funnels.breakdown({ filter, steps, breakdown }),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(message);
  });
});
