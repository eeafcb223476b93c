import { syncToClickHouse } from "@parcours/db/analytics/clickhouse";
import { clickhouseEngine, type MetricEngine, postgresEngine } from "@parcours/db/metrics/engine";
import type { UserRow } from "@parcours/db/queries";
import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "@parcours/db/testing";
import {
  CLICKHOUSE_UP,
  openTestClickHouse,
  type TestClickHouse,
} from "@parcours/db/testing/clickhouse/helpers";
import { differences } from "@parcours/db/testing/clickhouse/same";
import { syncFully } from "@parcours/db/testing/clickhouse/sync-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createTRPCContext } from "../src";
import { createTestUsers, filter, steps } from "./procedures";

/**
 * The dashboard, funnel, journey and share-link procedures on the ClickHouse engine give the
 * numbers they give on PostgreSQL, through the same routers (PGlite synced into ClickHouse).
 * Skipped with a warning when no ClickHouse answers (test/clickhouse/helpers.ts).
 */
describe.skipIf(!CLICKHOUSE_UP)("routers on the ClickHouse engine", () => {
  let t: TestDatabase;
  let ch: TestClickHouse;
  let engine: MetricEngine;
  let users: { admin: UserRow; manager: UserRow; viewer: UserRow };

  const callerOn = async (metrics: MetricEngine, user: UserRow | null) =>
    createCaller(await createTRPCContext({ db: t.db, headers: new Headers(), user, metrics }));

  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      { id: "r1", customer: "c1", touchpoint: "ads", t: 0, satisfaction: 4 },
      {
        id: "r2",
        customer: "c1",
        touchpoint: "checkout",
        t: DAY,
        type: "purchase",
        revenue: "20.00",
      },
      { id: "r3", customer: "c2", touchpoint: "ads", t: 2 * DAY, satisfaction: 2 },
      { id: "r4", customer: "c3", touchpoint: "ads", t: 8 * DAY },
      { id: "r5", customer: "c3", touchpoint: "till", t: 9 * DAY, type: "purchase" },
    ]);
    users = await createTestUsers(t.db);
    ch = await openTestClickHouse();
    await syncFully(t.db, ch);
    engine = clickhouseEngine(ch);
  });
  afterAll(async () => {
    await ch?.cleanup();
    await t?.cleanup();
  });

  it("the context's metrics are ClickHouse's", async () => {
    const context = await createTRPCContext({
      db: t.db,
      headers: new Headers(),
      user: users.viewer,
      metrics: engine,
    });
    expect(context.metrics.engine).toBe("clickhouse");
  });

  it("dashboard and funnels: 3 entrants and 2 buyers, and every answer as on PostgreSQL", async () => {
    const onClickHouse = await callerOn(engine, users.viewer);
    const onPostgres = await callerOn(postgresEngine(), users.viewer);
    const built = await onClickHouse.funnels.build({ filter, steps });
    expect(built.funnel.steps.map((s) => s.customers)).toEqual([3, 2]);
    const kpis = await onClickHouse.dashboard.kpis({ filter });
    expect(kpis.current.activeCustomers).toBe(3);
    expect(kpis.current.revenue).toBe(20);

    const window = { filter, steps, windowSeconds: 2 * DAY };
    const calls: [string, (c: typeof onClickHouse) => Promise<unknown>][] = [
      ["dashboard.kpis", (c) => c.dashboard.kpis({ filter })],
      ["dashboard.funnel", (c) => c.dashboard.funnel(window)],
      ["dashboard.personas", (c) => c.dashboard.personas({ filter })],
      ["dashboard.heatmap", (c) => c.dashboard.heatmap({ filter, windowSeconds: DAY })],
      ["dashboard.emotion", (c) => c.dashboard.emotion({ filter })],
      ["funnels.build", (c) => c.funnels.build({ ...window, breakdown: "persona" })],
      ["funnels.overTime", (c) => c.funnels.overTime({ ...window, bucket: "day" })],
      ["paths.designed", (c) => c.paths.designed({ filter, windowSeconds: DAY })],
      ["drivers.touchpoints", (c) => c.drivers.touchpoints({ filter })],
      ["retention.cohorts", (c) => c.retention.cohorts({ filter, cohort: "week", mode: "any" })],
      [
        "paths.observed",
        (c) =>
          c.paths.observed({
            filter,
            start: { kind: "stage", key: "discovery" },
            level: "touchpoint",
            windowSeconds: 2 * DAY,
          }),
      ],
    ];
    for (const [path, call] of calls) {
      const found = differences(await call(onClickHouse), await call(onPostgres));
      expect({ path, found }).toEqual({ path, found: [] });
    }
  });

  it("views.journey and shared.journey: the same journey as on PostgreSQL", async () => {
    const manager = await callerOn(engine, users.manager);
    const view = await manager.views.create({
      name: "First ten days",
      period: { kind: "fixed", from: "2021-01-04", to: "2021-01-14" },
    });
    const onPostgres = await callerOn(postgresEngine(), users.manager);
    const journey = await manager.views.journey({ id: view.id, compare: true });
    expect(journey.map.stages.find((s) => s.key === "discovery")?.customers).toBe(3);
    expect(
      differences(journey, await onPostgres.views.journey({ id: view.id, compare: true })),
    ).toEqual([]);

    const { token } = await manager.views.createShareLink({ id: view.id });
    const anonymous = await callerOn(engine, null);
    expect(
      differences(
        await anonymous.shared.journey({ token }),
        await (await callerOn(postgresEngine(), null)).shared.journey({ token }),
      ),
    ).toEqual([]);
  });

  it("a cached answer is computed again once an event ingested after it reaches ClickHouse", async () => {
    const viewer = await callerOn(engine, users.viewer);
    const before = await viewer.dashboard.kpis({ filter });
    await insertEvents(t.db, [
      { id: "r6", customer: "c4", touchpoint: "ads", t: 3 * DAY, satisfaction: 5 },
    ]);
    // Committed in PostgreSQL, not yet in ClickHouse: an answer computed now is the old one,
    // stored under the version the ingestion set.
    expect((await viewer.dashboard.kpis({ filter })).current.activeCustomers).toBe(
      before.current.activeCustomers,
    );
    // The routers ask the engine they were given: PostgreSQL already counts c4, ClickHouse not.
    const entrants = async (metrics: MetricEngine) =>
      (await (await callerOn(metrics, users.viewer)).funnels.build({ filter, steps })).funnel
        .steps[0]?.customers;
    expect([await entrants(engine), await entrants(postgresEngine())]).toEqual([3, 4]);
    await syncToClickHouse(t.db, ch);
    expect((await viewer.dashboard.kpis({ filter })).current.activeCustomers).toBe(
      before.current.activeCustomers + 1,
    );
  });
});
