import type { Role } from "@parcours/auth";
import { compareFunnels, getFunnel } from "@parcours/db/metrics";
import {
  assignTestPersonas,
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

const filter = { from: date(0), to: date(10 * DAY) };
const steps = [
  { kind: "stage" as const, key: "discovery" },
  { kind: "stage" as const, key: "purchase" },
];

describe.each(TEST_TARGETS)("funnels.compare on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      // In the period: c1 (young) and c2 enter, c1 buys 2 h later. Before it: c3 enters and buys.
      { id: "e1", customer: "c1", touchpoint: "ads", t: HOUR },
      { id: "e2", customer: "c1", touchpoint: "checkout", type: "purchase", t: 3 * HOUR },
      { id: "e3", customer: "c2", touchpoint: "ads", t: DAY },
      { id: "e4", customer: "c3", touchpoint: "ads", t: -5 * DAY },
      { id: "e5", customer: "c3", touchpoint: "checkout", type: "purchase", t: -5 * DAY + HOUR },
    ]);
    await assignTestPersonas(t.db, { c1: { age: 20 } });
    users = await createTestUsers(t.db);
  });
  afterAll(() => t.cleanup());

  it.each<Role>(["viewer", "manager", "admin"])(
    "as %s: 1 of 2 against the previous period's 1 of 1 (+50 pts), and against young's 1 of 1",
    async (role) => {
      const caller = await callerAs(t.db, users[role]);
      const previous = {
        filter,
        steps,
        b: { kind: "period" as const, from: date(-10 * DAY), to: date(0) },
      };
      const answer = await caller.funnels.compare(previous);
      expect(answer).toEqual(
        await compareFunnels(
          { getFunnel: (p) => getFunnel(t.db, p) },
          { ...previous, windowSeconds: 30 * DAY },
        ),
      );
      expect(answer.steps.map((s) => [s.a.customers, s.b.customers])).toEqual([
        [2, 1],
        [1, 1],
      ]);
      expect(answer.steps[1]?.difference.conversionOverall.value).toBe(0.5);
      const young = await caller.funnels.compare({
        filter,
        steps,
        b: { kind: "segment", personas: ["young"] },
      });
      expect(young.steps.map((s) => s.b.customers)).toEqual([1, 1]);
      expect(young.b.filter).toEqual({ ...filter, personas: ["young"] });
    },
  );

  it("without a session: UNAUTHORIZED", async () => {
    const caller = await callerAs(t.db, null);
    expect(
      await failure(caller.funnels.compare({ filter, steps, b: { kind: "segment" } })),
    ).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("bad input is a BAD_REQUEST naming what is wrong", async () => {
    const caller = await callerAs(t.db, users.viewer);
    expect(
      await failure(
        caller.funnels.compare({ filter, steps, b: { kind: "segment", personas: ["nobody"] } }),
      ),
    ).toEqual({ code: "BAD_REQUEST", message: expect.stringMatching(/nobody/) });
    expect(
      await failure(
        caller.funnels.compare({
          filter,
          steps,
          b: { kind: "period", from: date(0), to: date(-DAY) },
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/b\.to|to/) });
    expect(
      await failure(caller.funnels.compare({ filter, steps, b: { kind: "cohort" } } as never)),
    ).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/b/) });
  });
});
