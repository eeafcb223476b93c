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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createTRPCContext } from "../src";
import { createTestUsers, failure, filter, steps, type TestUsers } from "./procedures";

/** Funnel discovery → purchase in [T0, T0 + 10 d): entrants c1, c2, c3; buyers c1, c3; dropped c2. */
const EVENTS = [
  { id: "r1", customer: "c1", touchpoint: "ads", t: 0, satisfaction: 4 },
  { id: "r2", customer: "c1", touchpoint: "checkout", t: DAY, type: "purchase", revenue: "20.00" },
  { id: "r3", customer: "c2", touchpoint: "ads", t: 2 * DAY, satisfaction: 2 },
  { id: "r4", customer: "c3", touchpoint: "ads", t: 8 * DAY },
  { id: "r5", customer: "c3", touchpoint: "till", t: 9 * DAY, type: "purchase" },
];
const purchase = { conditions: [{ kind: "reachedStage" as const, stage: "purchase" }] };

const engines: { name: string; target: "pglite" | "postgres"; clickhouse: boolean }[] = [
  ...TEST_TARGETS.map((target) => ({ name: target, target, clickhouse: false })),
  ...(CLICKHOUSE_UP ? [{ name: "ClickHouse", target: "pglite" as const, clickhouse: true }] : []),
];

describe.each(engines)("cohorts router on $name", ({ target, clickhouse }) => {
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

  it("a manager saves the dropped list (c2) as a cohort; the funnel filtered by it has 1 entrant, the list's total", async () => {
    const manager = await as(users.manager);
    const source = { kind: "funnel" as const, steps, step: 1, outcome: "dropped" as const };
    const list = await manager.customers.list({ filter, source });
    const cohort = await manager.cohorts.createFromList({ name: "Dropped", filter, source });
    expect(cohort).toMatchObject({ kind: "static", members: 1, ownerId: users.manager.id });
    const funnel = await manager.dashboard.funnel({
      filter: { ...filter, cohort: cohort.id },
      steps,
    });
    expect(funnel.steps[0]?.customers).toBe(list.total);
    expect(funnel.steps[1]?.customers).toBe(0);
  });

  it("a dynamic cohort from a rule: preview 2, the KPIs' active customers 2 (c1, c3); a viewer sees and uses it", async () => {
    const manager = await as(users.manager);
    expect(await manager.cohorts.preview({ rule: purchase, period: filter })).toEqual({
      customers: 2,
    });
    const cohort = await manager.cohorts.createFromRule({
      name: "Buyers",
      kind: "dynamic",
      rule: purchase,
    });
    const viewer = await as(users.viewer);
    const listed = (await viewer.cohorts.list()).find((c) => c.name === "Buyers");
    expect(listed).toMatchObject({
      kind: "dynamic",
      members: null,
      ownerId: users.manager.id,
      ownerEmail: users.manager.email,
    });
    const kpis = await viewer.dashboard.kpis({ filter: { ...filter, cohort: cohort.id } });
    expect(kpis.current.activeCustomers).toBe(2);
  });

  it("a viewer may not create, rename or delete; another manager may not delete; the admin may", async () => {
    const viewer = await as(users.viewer);
    expect(
      (await failure(viewer.cohorts.createFromRule({ name: "x", kind: "dynamic", rule: purchase })))
        .code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await failure(
          viewer.cohorts.createFromList({
            name: "x",
            filter,
            source: { kind: "kpi", kpi: "customers" },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const admin = await as(users.admin);
    const mine = await admin.cohorts.createFromRule({
      name: "Admin's",
      kind: "dynamic",
      rule: purchase,
    });
    expect((await failure(viewer.cohorts.delete({ id: mine.id }))).code).toBe("FORBIDDEN");
    const manager = await as(users.manager);
    const refused = await failure(manager.cohorts.rename({ id: mine.id, name: "Mine now" }));
    expect(refused).toEqual({
      code: "PRECONDITION_FAILED",
      message: `only the owner of cohort ${mine.id} or an admin can change it`,
    });
    expect((await admin.cohorts.rename({ id: mine.id, name: "Renamed" })).name).toBe("Renamed");
    // An answer cached under the cohort's id does not outlive the cohort.
    const byCohort = { filter: { ...filter, cohort: mine.id } };
    expect((await viewer.dashboard.kpis(byCohort)).current.activeCustomers).toBe(2);
    await admin.cohorts.delete({ id: mine.id });
    expect((await failure(viewer.dashboard.kpis(byCohort))).code).toBe("NOT_FOUND");
    expect(await failure(admin.cohorts.get({ id: mine.id }))).toEqual({
      code: "NOT_FOUND",
      message: `unknown cohort: ${mine.id}`,
    });
  });

  it("an unknown cohort in a filter is a 404 naming it; a static rule cohort without a period a 400", async () => {
    const viewer = await as(users.viewer);
    expect(await failure(viewer.dashboard.kpis({ filter: { ...filter, cohort: 4242 } }))).toEqual({
      code: "NOT_FOUND",
      message: "unknown cohort: 4242",
    });
    const manager = await as(users.manager);
    const noPeriod = await failure(
      manager.cohorts.createFromRule({ name: "x", kind: "static", rule: purchase }),
    );
    expect(noPeriod.code).toBe("BAD_REQUEST");
    const unknownStage = await failure(
      manager.cohorts.createFromRule({
        name: "x",
        kind: "dynamic",
        rule: { conditions: [{ kind: "reachedStage", stage: "nowhere" }] },
      }),
    );
    expect(unknownStage).toEqual({ code: "BAD_REQUEST", message: "unknown stage: nowhere" });
  });
});
