import type { Role } from "@parcours/auth";
import { schema } from "@parcours/db";
import { getFunnelOverTime } from "@parcours/db/metrics";
import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createTRPCContext } from "../src";
import {
  type Caller,
  callerAs,
  createTestUsers,
  failure,
  filter,
  PROCEDURES,
  procedureAt,
  steps,
  type TestUsers,
} from "./procedures";

/** The procedures whose input carries an analytics filter. */
const FILTERED = Object.entries(PROCEDURES).filter(
  (entry): entry is [string, { access: Role; input: Record<string, unknown> }] =>
    typeof entry[1].input === "object" && entry[1].input !== null && "filter" in entry[1].input,
);

/** The request that stopped the server: day buckets from year 1 to year 9999. */
const ATTACK = {
  filter: { from: new Date("0001-01-01T00:00:00Z"), to: new Date("9999-01-01T00:00:00Z") },
  steps,
  bucket: "day" as const,
};

describe.each(TEST_TARGETS)("input bounds on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let viewer: Caller;
  let manager: Caller;
  let admin: Caller;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      { id: "l1", customer: "c1", touchpoint: "ads", t: 0 },
      { id: "l2", customer: "c1", touchpoint: "checkout", t: DAY, type: "purchase" },
    ]);
    users = await createTestUsers(t.db);
    viewer = await callerAs(t.db, users.viewer);
    manager = await callerAs(t.db, users.manager);
    admin = await callerAs(t.db, users.admin);
  });
  afterAll(() => t.cleanup());

  it("funnels.overTime by day from 0001-01-01 to 9999-01-01 is a BAD_REQUEST within a second", async () => {
    const started = performance.now();
    const result = await failure(viewer.funnels.overTime(ATTACK));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toEqual({
      code: "BAD_REQUEST",
      message:
        "filter.from: must be between 1970-01-01 and 2200-01-01; filter.to: must be between 1970-01-01 and 2200-01-01",
    });
  });

  it("the same request over HTTP answers 400 within a second", async () => {
    const query = encodeURIComponent(JSON.stringify(superjson.serialize(ATTACK)));
    const started = performance.now();
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req: new Request(`http://localhost/api/trpc/funnels.overTime?input=${query}`),
      createContext: ({ req }) =>
        createTRPCContext({ headers: req.headers, db: t.db, user: users.viewer }),
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(400);
  });

  it("a period within the dates but with more than 1,000 buckets is refused with the limit", async () => {
    const fourYears = { from: new Date("2020-01-01"), to: new Date("2024-01-01") };
    expect(
      await failure(viewer.funnels.overTime({ filter: fourYears, steps, bucket: "day" })),
    ).toEqual({
      code: "BAD_REQUEST",
      message:
        "bucket: this period has 1461 day buckets; conversion over time draws at most 1000: choose weeks or a shorter period",
    });
    // By week the same four years are 209 buckets.
    const weekly = await viewer.funnels.overTime({ filter: fourYears, steps, bucket: "week" });
    expect(weekly.buckets).toHaveLength(209);
  });

  it("the query itself refuses too many buckets before reading anything (CLI, journey maps)", async () => {
    await expect(
      getFunnelOverTime(t.db, {
        filter: { from: new Date("2020-01-01"), to: new Date("2024-01-01") },
        steps,
        bucket: "day",
      }),
    ).rejects.toThrow(
      new RangeError(
        "this period has 1461 day buckets; conversion over time draws at most 1000: choose weeks or a shorter period",
      ),
    );
  });

  it.each([
    [
      "year 1",
      { from: new Date("0001-01-01T00:00:00Z") },
      /filter\.from: must be between 1970-01-01 and 2200-01-01/,
    ],
    [
      "year 9999",
      { to: new Date("9999-01-01T00:00:00Z") },
      /filter\.to: must be between 1970-01-01 and 2200-01-01/,
    ],
    [
      "year 275760",
      { to: new Date(8.64e15) },
      /filter\.to: must be between 1970-01-01 and 2200-01-01/,
    ],
    [
      "eleven years",
      { from: new Date("2000-01-01"), to: new Date("2011-01-01") },
      /filter\.to: a period covers at most 3660 days/,
    ],
  ])("a filter with %s is a BAD_REQUEST on every procedure", async (_name, change, message) => {
    for (const [path, { input, access }] of FILTERED) {
      const bad = { ...input, filter: { ...filter, ...change } };
      // Customer lists need a manager: a viewer is refused before the input is read.
      const caller = access === "viewer" ? viewer : manager;
      const result = await failure(procedureAt(caller, path)(bad));
      expect({ path, ...result }).toEqual({
        path,
        code: "BAD_REQUEST",
        message: expect.stringMatching(message),
      });
    }
  });

  it("an id past int4 (2147483648) is a BAD_REQUEST; the largest int4 is just not found", async () => {
    expect(await failure(viewer.views.get({ id: 2_147_483_648 }))).toEqual({
      code: "BAD_REQUEST",
      message: "id: must be an id, a whole number from 1 to 2147483647",
    });
    expect((await failure(viewer.views.get({ id: 2_147_483_647 }))).code).toBe("NOT_FOUND");
    const past = 2_147_483_648;
    // Thunks, called one at a time: promises made up front reject before they are awaited.
    for (const call of [
      () => viewer.views.journey({ id: past }),
      () => viewer.views.setResolved({ id: past, resolved: true }),
      () => viewer.views.annotate({ viewId: past, target: { kind: "view" }, body: "hi" }),
      () => manager.views.revokeShareLink({ id: past }),
      () => admin.admin.apiKeys.revoke({ id: past }),
      () => admin.admin.users.setRole({ id: past, role: "viewer" }),
      () => admin.admin.audit.list({ cursor: past }),
    ]) {
      expect((await failure(call())).code).toBe("BAD_REQUEST");
    }
  });

  it.each([
    ["year 9999", new Date("9999-01-01T00:00:00Z")],
    ["year 275760", new Date(8.64e15)],
  ])("a share link expiring in %s is a BAD_REQUEST", async (_name, expiresAt) => {
    const view = await manager.views.create({
      name: "Expiry",
      period: { kind: "relative", days: 7 },
    });
    expect(await failure(manager.views.createShareLink({ id: view.id, expiresAt }))).toEqual({
      code: "BAD_REQUEST",
      message: "expiresAt: must be between 1970-01-01 and 2200-01-01",
    });
  });

  it("the audit log refuses dates the database cannot hold", async () => {
    expect(await failure(admin.admin.audit.list({ from: new Date(8.64e15) }))).toEqual({
      code: "BAD_REQUEST",
      message: "from: must be between 1970-01-01 and 2200-01-01",
    });
  });

  it("a view with a period such as 2026-13-45 is refused when saved", async () => {
    const result = await failure(
      manager.views.create({
        name: "Impossible",
        period: { kind: "fixed", from: "2026-13-45", to: "2026-12-31" },
      }),
    );
    expect(result).toEqual({ code: "BAD_REQUEST", message: "period.from: is not a real date" });
  });

  it("a view saved with an impossible period before the check opens as a PRECONDITION_FAILED naming it", async () => {
    const view = await manager.views.create({
      name: "Old",
      visibility: "team",
      period: { kind: "relative", days: 7 },
    });
    const { token } = await manager.views.createShareLink({ id: view.id });
    await t.db
      .update(schema.savedViews)
      .set({ period: { kind: "fixed", from: "2026-13-45", to: "2026-12-31" } })
      .where(eq(schema.savedViews.id, view.id));
    const expected = {
      code: "PRECONDITION_FAILED",
      message:
        "this view's period is not valid (from is not a real date): edit the view to set another",
    };
    expect(await failure(viewer.views.journey({ id: view.id }))).toEqual(expected);
    const anonymous = await callerAs(t.db, null);
    expect(await failure(anonymous.shared.journey({ token }))).toEqual(expected);
  });
});
