import type { Role } from "@parcours/auth";
import { getRetention } from "@parcours/db/metrics";
import {
  DAY,
  date,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, createTestUsers, failure, type TestUsers } from "./procedures";

// T0 (4 January 2021) is a Monday: weeks W0 from 4 January, W1 from 11 January, W2 from 18,
// all long over, so every cell is complete.
const filter = { from: date(0), to: date(14 * DAY) };

describe.each(TEST_TARGETS)("retention.cohorts on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      // c1 buys in W0 and again in W1; c2 buys in W0 and only visits in W1; c3 buys in W1.
      { id: "p1", customer: "c1", touchpoint: "checkout", type: "purchase", t: HOUR },
      { id: "p2", customer: "c1", touchpoint: "checkout", type: "purchase", t: 8 * DAY },
      { id: "p3", customer: "c2", touchpoint: "till", type: "purchase", t: 2 * DAY },
      { id: "p4", customer: "c2", touchpoint: "website", t: 9 * DAY },
      { id: "p5", customer: "c3", touchpoint: "checkout", type: "purchase", t: 10 * DAY },
    ]);
    users = await createTestUsers(t.db);
  });
  afterAll(() => t.cleanup());

  it.each<Role>(["viewer", "manager", "admin"])(
    "as %s: W0 = c1, c2 both back in W1 with any event, c1 alone purchased again; W1 = c3",
    async (role) => {
      const caller = await callerAs(t.db, users[role]);
      for (const mode of ["any", "purchase"] as const) {
        const input = { filter, cohort: "week", mode, periods: 2 } as const;
        const answer = await caller.retention.cohorts(input);
        expect(answer).toEqual(await getRetention(t.db, input));
        expect(answer.cohorts.map((c) => [c.customers, ...c.cells.map((x) => x.retained)])).toEqual(
          mode === "any"
            ? [
                [2, 2, 2, 0],
                [1, 1, 0, 0],
              ]
            : [
                [2, 2, 1, 0],
                [1, 1, 0, 0],
              ],
        );
      }
    },
  );

  it("without a session: UNAUTHORIZED", async () => {
    const caller = await callerAs(t.db, null);
    expect(await failure(caller.retention.cohorts({ filter }))).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("bad input is a BAD_REQUEST naming what is wrong", async () => {
    const caller = await callerAs(t.db, users.viewer);
    expect(await failure(caller.retention.cohorts({ filter, periods: 0 }))).toEqual({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/at least 1 period/),
    });
    expect(
      await failure(
        caller.retention.cohorts({
          filter: { from: date(0), to: date(1000 * DAY) },
          cohort: "week",
        }),
      ),
    ).toEqual({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/choose months or a shorter/),
    });
    expect(
      await failure(caller.retention.cohorts({ filter: { ...filter, personas: ["nobody"] } })),
    ).toEqual({ code: "BAD_REQUEST", message: expect.stringMatching(/nobody/) });
    expect(
      await failure(caller.retention.cohorts({ filter, mode: "sometimes" } as never)),
    ).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/mode/) });
  });
});
