import { getFunnel } from "@parcours/db/metrics";
import {
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, createTestUsers, failure, filter, type TestUsers } from "./procedures";

const discovery = { kind: "stage" as const, key: "discovery" };
const purchase = { kind: "stage" as const, key: "purchase" };
const withoutStore = [discovery, { ...purchase, exclude: { touchpoints: ["store"] } }];

/** funnels.build and funnels.times with a step's exclusion (issue 19 item 4). */
describe.each(TEST_TARGETS)("funnel exclusions through the routers on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    await insertEvents(t.db, [
      // c1 visits the store between the ad and the purchase; c2 after it.
      { id: "a", customer: "c1", touchpoint: "ads", t: HOUR },
      { id: "b", customer: "c1", touchpoint: "store", t: 2 * HOUR },
      { id: "c", customer: "c1", touchpoint: "checkout", t: 3 * HOUR, type: "purchase" },
      { id: "d", customer: "c2", touchpoint: "ads", t: HOUR },
      { id: "e", customer: "c2", touchpoint: "checkout", t: 2 * HOUR, type: "purchase" },
      { id: "f", customer: "c2", touchpoint: "store", t: 3 * HOUR },
    ]);
  });
  afterAll(() => t.cleanup());

  it.each(["admin", "manager", "viewer"] as const)(
    "a %s gets [2, 1] without the store in between, [2, 2] with it allowed",
    async (role) => {
      const caller = await callerAs(t.db, users[role]);
      const excluded = await caller.funnels.build({ filter, steps: withoutStore });
      expect(excluded.funnel.steps.map((s) => s.customers)).toEqual([2, 1]);
      expect(excluded.funnel).toEqual(await getFunnel(t.db, { filter, steps: withoutStore }));
      // The cache keys on the whole input: the same steps without the exclusion are not it.
      const plain = await caller.funnels.build({ filter, steps: [discovery, purchase] });
      expect(plain.funnel.steps.map((s) => s.customers)).toEqual([2, 2]);
      const times = await caller.funnels.times({ filter, steps: withoutStore });
      expect(times.steps[0]?.customers).toBe(1);
    },
  );

  it("nobody signed out gets it", async () => {
    const anonymous = await callerAs(t.db, null);
    expect((await failure(anonymous.funnels.build({ filter, steps: withoutStore }))).code).toBe(
      "UNAUTHORIZED",
    );
  });

  it.each([
    [
      [{ ...discovery, exclude: { touchpoints: ["store"] } }, purchase],
      /first step cannot exclude/,
    ],
    [[discovery, { ...purchase, exclude: {} }], /at least one touchpoint or event type/],
    [
      [discovery, { ...purchase, exclude: { types: ["a", "b", "c", "d", "e", "f"] } }],
      /at most 5 event types/,
    ],
    [[discovery, { ...purchase, exclude: { touchpoints: ["Store"] } }], /lower-case key/],
  ])("refuses the steps %o with a BAD_REQUEST naming the problem", async (steps, message) => {
    const caller = await callerAs(t.db, users.manager);
    const result = await failure(caller.funnels.build({ filter, steps }));
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(message);
  });

  it("an unknown touchpoint in an exclusion is a BAD_REQUEST naming it, not a 500", async () => {
    const caller = await callerAs(t.db, users.manager);
    const result = await failure(
      caller.funnels.build({
        filter,
        steps: [discovery, { ...purchase, exclude: { touchpoints: ["call_centre"] } }],
      }),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(/call_centre/);
  });
});
