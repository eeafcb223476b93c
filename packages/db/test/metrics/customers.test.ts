import type { TAnalyticsFilter, TCustomerSource, TFunnelStep } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CustomerListRow,
  getCustomerList as getCustomerListOnPostgres,
  getFunnel as getFunnelOnPostgres,
  getOverviewKpis as getOverviewKpisOnPostgres,
  getPersonaBreakdown as getPersonaBreakdownOnPostgres,
  getTouchpointHeatmap as getTouchpointHeatmapOnPostgres,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  assignTestPersonas,
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

/**
 * Period [T0, T0 + 10 d), funnel discovery → consideration → purchase within W = 2 days.
 * a: ads 1 h, website 2 h (rated 4), checkout 3 h (50.00, rated 5) → depth 3.
 * b: ads 1 h (rated 2), website 4 d (3 days later: beyond W) → depth 1.
 * c: ads 5 h, website 6 h (a return of 5.00), both rated 1 → depth 2.
 * d: website 1 h only → never enters.
 * e: ads 1 h before `from`, website 1 h → never enters (its entry is outside the period).
 * f: ads 9 d, website 10 d + 1 h (after `to`, within W) → depth 2.
 * g: ads and website at the same instant, 7 h → depth 2 (ties in either order).
 * Personas: a and g are young (age < 30), c is loyal (member); b, d, e, f unassigned.
 */
const FIXTURE: FixtureEvent[] = [
  { id: "a1", customer: "a", touchpoint: "ads", t: HOUR },
  { id: "a2", customer: "a", touchpoint: "website", t: 2 * HOUR, satisfaction: 4 },
  {
    id: "a3",
    customer: "a",
    touchpoint: "checkout",
    t: 3 * HOUR,
    type: "purchase",
    revenue: "50.00",
    satisfaction: 5,
  },
  { id: "b1", customer: "b", touchpoint: "ads", t: HOUR, satisfaction: 2 },
  { id: "b2", customer: "b", touchpoint: "website", t: 4 * DAY },
  { id: "c1", customer: "c", touchpoint: "ads", t: 5 * HOUR, satisfaction: 1 },
  {
    id: "c2",
    customer: "c",
    touchpoint: "website",
    t: 6 * HOUR,
    revenue: "-5.00",
    type: "return",
    satisfaction: 1,
  },
  { id: "d1", customer: "d", touchpoint: "website", t: HOUR },
  { id: "e0", customer: "e", touchpoint: "ads", t: -HOUR },
  { id: "e1", customer: "e", touchpoint: "website", t: HOUR },
  { id: "f1", customer: "f", touchpoint: "ads", t: 9 * DAY },
  { id: "f2", customer: "f", touchpoint: "website", t: 10 * DAY + HOUR },
  { id: "g1", customer: "g", touchpoint: "website", t: 7 * HOUR },
  { id: "g2", customer: "g", touchpoint: "ads", t: 7 * HOUR },
];

const filter: TAnalyticsFilter = { from: date(0), to: date(10 * DAY) };
const steps: TFunnelStep[] = [
  { kind: "stage", key: "discovery" },
  { kind: "stage", key: "consideration" },
  { kind: "stage", key: "purchase" },
];
const windowSeconds = 2 * DAY;
const funnel = (step: number, outcome: "reached" | "converted" | "dropped"): TCustomerSource => ({
  kind: "funnel",
  steps,
  windowSeconds,
  step,
  outcome,
});

describe.each(METRIC_ENGINES)("getCustomerList on $name", (engine) => {
  let t: TestDatabase;
  const on = onEngine(engine, () => t);
  const getCustomerList = on.metric(getCustomerListOnPostgres, chm.getCustomerList);
  const getFunnel = on.metric(getFunnelOnPostgres, chm.getFunnel);
  const getHeatmap = on.metric(getTouchpointHeatmapOnPostgres, chm.getTouchpointHeatmap);
  const getKpis = on.metric(getOverviewKpisOnPostgres, chm.getOverviewKpis);
  const getPersonas = on.metric(getPersonaBreakdownOnPostgres, chm.getPersonaBreakdown);

  /** Every page of the list, 2 at a time, so that paging is part of what agrees. */
  const everyone = async (source: TCustomerSource, f: TAnalyticsFilter = filter) => {
    const all: CustomerListRow[] = [];
    let total = -1;
    for (let offset = 0; offset < 100; offset += 2) {
      const page = await getCustomerList(t.db, {
        filter: f,
        source,
        sort: { by: "externalId", dir: "asc" },
        offset,
        limit: 2,
      });
      total = page.total;
      all.push(...page.rows);
      if (page.rows.length < 2) break;
    }
    return { total, ids: all.map((r) => r.externalId), rows: all };
  };

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, { a: { age: 20 }, g: { age: 25 }, c: { member: true } });
  });
  afterAll(() => t.cleanup());

  it("funnel: reached step 1 = a, b, c, f, g (5); step 2 = a, c, f, g (4); step 3 = a (1), the funnel's own counts", async () => {
    const counts = (await getFunnel(t.db, { filter, steps, windowSeconds })).steps.map(
      (s) => s.customers,
    );
    expect(counts).toEqual([5, 4, 1]);
    const reached = [
      await everyone(funnel(0, "reached")),
      await everyone(funnel(1, "reached")),
      await everyone(funnel(2, "reached")),
    ];
    expect(reached.map((r) => r.ids)).toEqual([
      ["a", "b", "c", "f", "g"],
      ["a", "c", "f", "g"],
      ["a"],
    ]);
    expect(reached.map((r) => r.total)).toEqual(counts);
  });

  it("funnel: dropped at step 2 = b (drop-off 5 − 4 = 1), at step 3 = c, f, g (4 − 1 = 3); converted from step 1 = step 2's 4", async () => {
    const result = await getFunnel(t.db, { filter, steps, windowSeconds });
    const dropped1 = await everyone(funnel(1, "dropped"));
    const dropped2 = await everyone(funnel(2, "dropped"));
    expect(dropped1.ids).toEqual(["b"]);
    expect(dropped2.ids).toEqual(["c", "f", "g"]);
    expect([dropped1.total, dropped2.total]).toEqual(result.steps.slice(1).map((s) => s.dropOff));
    const converted0 = await everyone(funnel(0, "converted"));
    expect(converted0.ids).toEqual(["a", "c", "f", "g"]);
    expect(converted0.total).toBe(result.steps[1]?.customers);
  });

  it("heatmap cell website × consideration: a, b, c, d, e, g (6; f's touch falls after `to`), the cell's customers", async () => {
    const heatmap = await getHeatmap(t.db, { filter });
    const cell = heatmap.rows
      .find((r) => r.touchpoint === "website")
      ?.cells.find((c) => c.stage === "consideration");
    const list = await everyone({ kind: "heatmap", touchpoint: "website", stage: "consideration" });
    expect(list.ids).toEqual(["a", "b", "c", "d", "e", "g"]);
    expect(list.total).toBe(cell?.customers);
  });

  it("KPIs: active customers a–g (7, e by its website visit in the period), converters a (1)", async () => {
    const kpis = await getKpis(t.db, { filter });
    const active = await everyone({ kind: "kpi", kpi: "customers" });
    const converters = await everyone({ kind: "kpi", kpi: "converters" });
    expect(active.ids).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
    expect(converters.ids).toEqual(["a"]);
    expect([active.total, converters.total]).toEqual([
      kpis.current.activeCustomers,
      kpis.current.convertedCustomers,
    ]);
  });

  it("KPIs under the persona filter young: a, g (2), as the KPI counts", async () => {
    const young = { ...filter, personas: ["young"] };
    const kpis = await getKpis(t.db, { filter: young });
    const active = await everyone({ kind: "kpi", kpi: "customers" }, young);
    expect(active.ids).toEqual(["a", "g"]);
    expect(active.total).toBe(kpis.current.activeCustomers);
  });

  it("persona stage: young × consideration = a, g (2); unassigned × consideration = b, d, e (3), the breakdown's reach", async () => {
    const breakdown = await getPersonas(t.db, { filter });
    const reach = (persona: string) =>
      breakdown.personas.find((p) => p.persona === persona)?.reach.consideration;
    const young = await everyone({
      kind: "persona-stage",
      persona: "young",
      stage: "consideration",
    });
    const none = await everyone({
      kind: "persona-stage",
      persona: "unassigned",
      stage: "consideration",
    });
    expect(young.ids).toEqual(["a", "g"]);
    expect(none.ids).toEqual(["b", "d", "e"]);
    expect([young.total, none.total]).toEqual([reach("young"), reach("unassigned")]);
  });

  it("a row: a's period figures are 3 events, 1 h to 3 h, revenue 50, rating (4 + 5) / 2 = 4.5 (n 2), persona young", async () => {
    const { rows } = await everyone(funnel(2, "reached"));
    expect(rows).toEqual([
      {
        externalId: "a",
        persona: "young",
        attributes: { age: 20 },
        firstSeen: date(HOUR),
        lastSeen: date(3 * HOUR),
        events: 3,
        revenue: 50,
        rating: { mean: 4.5, n: 2, sufficient: false },
      },
    ]);
  });

  it("sorts: revenue descending a (50), then 0s by external id, c (−5) last; rating ascending c (2 / 2 = 1), b (2), a (4.5), unrated last", async () => {
    const byRevenue = await getCustomerList(t.db, {
      filter,
      source: { kind: "kpi", kpi: "customers" },
      sort: { by: "revenue", dir: "desc" },
    });
    expect(byRevenue.rows.map((r) => [r.externalId, r.revenue])).toEqual([
      ["a", 50],
      ["b", 0],
      ["d", 0],
      ["e", 0],
      ["f", 0],
      ["g", 0],
      ["c", -5],
    ]);
    const byRating = await getCustomerList(t.db, {
      filter,
      source: { kind: "kpi", kpi: "customers" },
      sort: { by: "rating", dir: "asc" },
    });
    expect(byRating.rows.map((r) => r.externalId)).toEqual(["c", "b", "a", "d", "e", "f", "g"]);
    const byLastSeen = await getCustomerList(t.db, {
      filter,
      source: { kind: "kpi", kpi: "customers" },
      sort: { by: "lastSeen", dir: "desc" },
      limit: 3,
    });
    // f 9 d, b 4 d, g 7 h.
    expect(byLastSeen.rows.map((r) => r.externalId)).toEqual(["f", "b", "g"]);
    expect(byLastSeen.total).toBe(7);
  });

  it("an unknown stage in a source is an UnknownKeyError naming it", async () => {
    await expect(
      getCustomerList(t.db, {
        filter,
        source: { kind: "heatmap", touchpoint: "website", stage: "nowhere" },
      }),
    ).rejects.toThrow("unknown stage: nowhere");
  });
});
