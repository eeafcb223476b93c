import { clickhouseEngine, type MetricEngine, postgresEngine } from "@parcours/db/metrics/engine";
import type { UserRow } from "@parcours/db/queries";
import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import {
  CLICKHOUSE_UP,
  openTestClickHouse,
  type TestClickHouse,
} from "@parcours/db/testing/clickhouse/helpers";
import { syncFully } from "@parcours/db/testing/clickhouse/sync-fixtures";
import { MAX_CUSTOMER_PAGE_SIZE } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createTRPCContext } from "../src";
import { CUSTOMER_DATA_FORBIDDEN_MESSAGE } from "../src/trpc";
import { createTestUsers, failure, filter, steps, type TestUsers } from "./procedures";

/**
 * Funnel discovery → purchase in [T0, T0 + 10 d): c1 buys a day after its ads, c3 a day after,
 * c2 never: entrants c1, c2, c3 (3), buyers c1, c3 (2), dropped c2 (1).
 */
const EVENTS = [
  { id: "r1", customer: "c1", touchpoint: "ads", t: 0, satisfaction: 4 },
  { id: "r2", customer: "c1", touchpoint: "checkout", t: DAY, type: "purchase", revenue: "20.00" },
  { id: "r3", customer: "c2", touchpoint: "ads", t: 2 * DAY, satisfaction: 2 },
  { id: "r4", customer: "c3", touchpoint: "ads", t: 8 * DAY },
  { id: "r5", customer: "c3", touchpoint: "till", t: 9 * DAY, type: "purchase" },
];

const dropped = {
  filter,
  source: { kind: "funnel" as const, steps, step: 1, outcome: "dropped" as const },
};

const engines: { name: string; target: "pglite" | "postgres"; clickhouse: boolean }[] = [
  ...TEST_TARGETS.map((target) => ({ name: target, target, clickhouse: false })),
  ...(CLICKHOUSE_UP ? [{ name: "ClickHouse", target: "pglite" as const, clickhouse: true }] : []),
];

describe.each(engines)("customers router on $name", ({ target, clickhouse }) => {
  let t: TestDatabase;
  let ch: TestClickHouse | undefined;
  let engine: MetricEngine;
  let users: TestUsers;

  const as = async (user: UserRow | null) =>
    createCaller(
      await createTRPCContext({ db: t.db, headers: new Headers(), user, metrics: engine }),
    );

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, EVENTS);
    users = await createTestUsers(t.db);
    if (clickhouse) {
      ch = await openTestClickHouse();
      await syncFully(t.db, ch);
      engine = clickhouseEngine(ch);
    } else {
      engine = postgresEngine();
    }
  });
  afterAll(async () => {
    await ch?.cleanup();
    await t?.cleanup();
  });

  it("a manager's lists match the funnel: entrants c1, c2, c3 (3), buyers c1, c3 (2), dropped c2 (1)", async () => {
    const manager = await as(users.manager);
    const funnel = await manager.dashboard.funnel({ filter, steps });
    const list = (step: number, outcome: "reached" | "dropped") =>
      manager.customers.list({
        filter,
        source: { kind: "funnel", steps, step, outcome },
        sort: { by: "externalId", dir: "asc" },
      });
    const [entrants, buyers, gone] = [
      await list(0, "reached"),
      await list(1, "reached"),
      await list(1, "dropped"),
    ];
    expect(entrants.rows.map((r) => r.externalId)).toEqual(["c1", "c2", "c3"]);
    expect(buyers.rows.map((r) => r.externalId)).toEqual(["c1", "c3"]);
    expect(gone.rows.map((r) => r.externalId)).toEqual(["c2"]);
    expect([entrants.total, buyers.total, gone.total]).toEqual([
      funnel.steps[0]?.customers,
      funnel.steps[1]?.customers,
      funnel.steps[1]?.dropOff,
    ]);
  });

  it("an admin's CSV export holds the whole list: 3 active customers, not truncated", async () => {
    const admin = await as(users.admin);
    const kpis = await admin.dashboard.kpis({ filter });
    const all = await admin.customers.export({ filter, source: { kind: "kpi", kpi: "customers" } });
    expect(all.total).toBe(kpis.current.activeCustomers);
    expect(all.rows.map((r) => r.externalId).sort()).toEqual(["c1", "c2", "c3"]);
    expect(all.truncated).toBe(false);
  });

  it("a viewer is refused lists, timelines and search until an admin allows it, then served; anonymous never", async () => {
    const viewer = await as(users.viewer);
    const admin = await as(users.admin);
    const manager = await as(users.manager);
    // A manager's identical query is in the metric cache: the viewer is still refused.
    await manager.customers.list(dropped);
    const refused = { code: "FORBIDDEN", message: CUSTOMER_DATA_FORBIDDEN_MESSAGE };
    expect(await failure(viewer.customers.list(dropped))).toEqual(refused);
    expect(await failure(viewer.customers.export(dropped))).toEqual(refused);
    expect(await failure(viewer.customers.timeline({ externalId: "c1" }))).toEqual(refused);
    expect(await failure(viewer.customers.search({ prefix: "c" }))).toEqual(refused);
    expect(await viewer.customers.access()).toEqual({ canSeeCustomers: false });
    expect(await manager.customers.access()).toEqual({ canSeeCustomers: true });
    expect((await failure(viewer.customers.setPrivacy({ viewersSeeCustomers: true }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await failure(manager.customers.setPrivacy({ viewersSeeCustomers: true }))).code).toBe(
      "FORBIDDEN",
    );

    await admin.customers.setPrivacy({ viewersSeeCustomers: true });
    try {
      expect(await admin.customers.privacy()).toEqual({ viewersSeeCustomers: true });
      expect(await viewer.customers.access()).toEqual({ canSeeCustomers: true });
      expect((await viewer.customers.list(dropped)).rows.map((r) => r.externalId)).toEqual(["c2"]);
      expect((await viewer.customers.timeline({ externalId: "c2" })).events).toHaveLength(1);
      expect(await viewer.customers.search({ prefix: "c" })).toEqual(["c1", "c2", "c3"]);
    } finally {
      await admin.customers.setPrivacy({ viewersSeeCustomers: false });
    }
    expect(await failure(viewer.customers.list(dropped))).toEqual(refused);

    const anonymous = await as(null);
    expect((await failure(anonymous.customers.list(dropped))).code).toBe("UNAUTHORIZED");
    expect((await failure(anonymous.customers.timeline({ externalId: "c1" }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect((await failure(anonymous.customers.access())).code).toBe("UNAUTHORIZED");
  });

  it("a timeline: c1's ads then checkout, the stage change marked; an unknown id is a NOT_FOUND naming it", async () => {
    const manager = await as(users.manager);
    const timeline = await manager.customers.timeline({ externalId: "c1" });
    expect(timeline.events.map((e) => [e.touchpoint.key, e.stage.key, e.stageChange])).toEqual([
      ["ads", "discovery", true],
      ["checkout", "purchase", true],
    ]);
    expect(await failure(manager.customers.timeline({ externalId: "nobody" }))).toEqual({
      code: "NOT_FOUND",
      message: 'no customer has the id "nobody"',
    });
  });

  it.each([
    [
      "a step past the funnel's end",
      { source: { ...dropped.source, step: 2 } },
      /source\.step: step is 0-based and this funnel has 2 steps/,
    ],
    [
      "dropped at the first step",
      { source: { ...dropped.source, step: 0 } },
      /source\.outcome: nobody drops at the first step/,
    ],
    [
      "converted from the last step",
      { source: { ...dropped.source, outcome: "converted" } },
      /source\.outcome: the last step has no next step/,
    ],
    [
      "a page too large",
      { limit: MAX_CUSTOMER_PAGE_SIZE + 1 },
      new RegExp(`limit: .*${MAX_CUSTOMER_PAGE_SIZE}`),
    ],
    ["an unknown sort", { sort: { by: "age", dir: "asc" } }, /sort\.by/],
    [
      "an unknown heatmap stage",
      { source: { kind: "heatmap", touchpoint: "ads", stage: "nirvana" } },
      /unknown stage: nirvana/,
    ],
    [
      "an unknown persona",
      { source: { kind: "persona-stage", persona: "ghost", stage: "discovery" } },
      /unknown persona: ghost/,
    ],
  ])("a list with %s is a BAD_REQUEST naming it", async (_name, change, message) => {
    const manager = await as(users.manager);
    const result = await failure(manager.customers.list({ ...dropped, ...change } as never));
    expect(result).toEqual({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
  });
});
