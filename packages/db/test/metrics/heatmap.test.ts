import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getTouchpointHeatmap as getHeatmapOnPostgres,
  type TouchpointHeatmap,
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
 * Period [T0, T0 + 10 d); most tests use W = 1 day. Stages run discovery → consideration →
 * decision → purchase → after_sales → loyalty. h1 is `young` (age 25).
 */
const FIXTURE: FixtureEvent[] = [
  // Consideration exactly W after discovery.
  { id: "h1a", customer: "h1", touchpoint: "ads", t: 0, satisfaction: 4 },
  { id: "h1b", customer: "h1", touchpoint: "website", t: DAY },
  // Consideration W + 1 s after discovery; then a website event that names the decision stage.
  { id: "h2a", customer: "h2", touchpoint: "ads", t: 0, satisfaction: 5 },
  { id: "h2b", customer: "h2", touchpoint: "website", t: DAY + 1 },
  { id: "h2c", customer: "h2", touchpoint: "website", t: DAY + 2, stage: "decision" },
  // Consideration at the same second as discovery; decision exactly W after consideration.
  { id: "h3a", customer: "h3", touchpoint: "ads", t: HOUR },
  { id: "h3b", customer: "h3", touchpoint: "website", t: HOUR },
  { id: "h3c", customer: "h3", touchpoint: "store", t: HOUR + DAY },
  // Consideration before discovery only.
  { id: "h4a", customer: "h4", touchpoint: "website", t: 0 },
  { id: "h4b", customer: "h4", touchpoint: "ads", t: HOUR },
  // Two discoveries: the second one reaches consideration 2 h later.
  { id: "h5a", customer: "h5", touchpoint: "ads", t: 2 * DAY },
  { id: "h5b", customer: "h5", touchpoint: "ads", t: 5 * DAY },
  { id: "h5c", customer: "h5", touchpoint: "website", t: 5 * DAY + 2 * HOUR },
  // Decision (named) → purchase 1 h later → after-sales 35 h later → loyalty 12 h later.
  {
    id: "h6a",
    customer: "h6",
    touchpoint: "website",
    t: 3 * DAY,
    stage: "decision",
    satisfaction: 2,
  },
  {
    id: "h6b",
    customer: "h6",
    touchpoint: "till",
    t: 3 * DAY + HOUR,
    type: "purchase",
    satisfaction: 5,
  },
  { id: "h6c", customer: "h6", touchpoint: "delivery", t: 4 * DAY + 12 * HOUR, satisfaction: 1 },
  { id: "h6d", customer: "h6", touchpoint: "newsletter", t: 5 * DAY },
  // Consideration 1 s before `to`, decision after `to` but within W.
  { id: "h7a", customer: "h7", touchpoint: "website", t: 10 * DAY - 1 },
  { id: "h7b", customer: "h7", touchpoint: "store", t: 10 * DAY - 1 + DAY },
  // Before `from` and at `to`: no touch in the period.
  { id: "h8a", customer: "h8", touchpoint: "ads", t: -HOUR, satisfaction: 1 },
  { id: "h8b", customer: "h8", touchpoint: "ads", t: 10 * DAY, satisfaction: 1 },
];

const filter = { from: date(0), to: date(10 * DAY) };
const cellOf = (h: TouchpointHeatmap, touchpoint: string, stage: string) =>
  h.rows.find((r) => r.touchpoint === touchpoint)?.cells.find((c) => c.stage === stage);

describe.each(METRIC_ENGINES)("getTouchpointHeatmap on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getTouchpointHeatmap = onEngine(engine, () => t).metric(
    getHeatmapOnPostgres,
    chm.getTouchpointHeatmap,
  );
  let h: TouchpointHeatmap;
  const cell = (touchpoint: string, stage: string) => cellOf(h, touchpoint, stage);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, { h1: { age: 25 } });
    h = await getTouchpointHeatmap(t.db, { filter, windowSeconds: DAY });
  });
  afterAll(() => t.cleanup());

  it("rows are grouped by channel (app, email, store, web), then by home stage and key", () => {
    expect(h.rows.map((r) => [r.channel, r.touchpoint, r.homeStage])).toEqual([
      ["app", "app", "consideration"],
      ["app", "app_checkout", "purchase"],
      ["email", "newsletter", "loyalty"],
      ["store", "store", "decision"],
      ["store", "till", "purchase"],
      ["web", "ads", "discovery"],
      ["web", "website", "consideration"],
      ["web", "checkout", "purchase"],
      ["web", "delivery", "after_sales"],
    ]);
    expect(h.channels.map((c) => c.key)).toEqual(["app", "email", "store", "web"]);
    expect(h.windowSeconds).toBe(DAY);
  });

  it("columns are the stages in order, each with its next stage, the last with none", () => {
    expect(h.stages.map((s) => [s.key, s.nextStage])).toEqual([
      ["discovery", "consideration"],
      ["consideration", "decision"],
      ["decision", "purchase"],
      ["purchase", "after_sales"],
      ["after_sales", "loyalty"],
      ["loyalty", null],
    ]);
    for (const row of h.rows)
      expect(row.cells.map((c) => c.stage)).toEqual(h.stages.map((s) => s.key));
  });

  it("ads × discovery: events 1 + 1 + 1 + 1 + 2 = 6 (h8 is outside), customers 5, satisfaction (4 + 5) / 2 = 4.5, n 2", () => {
    expect(cell("ads", "discovery")).toMatchObject({ events: 6, customers: 5 });
    expect(cell("ads", "discovery")?.satisfaction).toEqual({ mean: 4.5, n: 2, sufficient: false });
  });

  it("ads × discovery next-stage share 3 / 5 = 0.6: h1 at exactly W yes, h2 at W + 1 s no, h3 same second yes, h4 before the touch no, h5 from its second touch yes", () => {
    expect(cell("ads", "discovery")).toMatchObject({ reachedNextStage: 3, nextStageShare: 0.6 });
  });

  it("website × consideration: 6 customers; h2 (a named decision 1 s later), h3 (at exactly W), h7 (after `to`, within W) → 3 / 6 = 0.5; no ratings", () => {
    expect(cell("website", "consideration")).toMatchObject({
      events: 6,
      customers: 6,
      reachedNextStage: 3,
      nextStageShare: 0.5,
      satisfaction: { mean: null, n: 0, sufficient: false },
    });
  });

  it("an event that names its stage lands in that column: website × decision has h2c and h6a, h6 buys 1 h later → 1 / 2, satisfaction 2 (n 1)", () => {
    expect(cell("website", "decision")).toMatchObject({
      events: 2,
      customers: 2,
      reachedNextStage: 1,
      nextStageShare: 0.5,
      satisfaction: { mean: 2, n: 1, sufficient: false },
    });
  });

  it("store × decision: h3 only (h7's store visit is after `to`), no purchase → 0 / 1 = 0", () => {
    expect(cell("store", "decision")).toMatchObject({ events: 1, customers: 1, nextStageShare: 0 });
  });

  it("till × purchase: after-sales 35 h later > W → 0 / 1; delivery × after-sales: loyalty 12 h later → 1 / 1", () => {
    expect(cell("till", "purchase")).toMatchObject({ customers: 1, nextStageShare: 0 });
    expect(cell("till", "purchase")?.satisfaction.mean).toBe(5);
    expect(cell("delivery", "after_sales")).toMatchObject({ customers: 1, nextStageShare: 1 });
  });

  it("the last stage has no next-stage share: newsletter × loyalty 1 customer, share null", () => {
    expect(cell("newsletter", "loyalty")).toMatchObject({
      events: 1,
      customers: 1,
      reachedNextStage: 0,
      nextStageShare: null,
    });
  });

  it("empty cells are zero with a null share: app × consideration, website × discovery, checkout × loyalty", () => {
    for (const [touchpoint, stage] of [
      ["app", "consideration"],
      ["website", "discovery"],
      ["checkout", "loyalty"],
    ] as const) {
      expect(cell(touchpoint, stage)).toMatchObject({
        events: 0,
        customers: 0,
        reachedNextStage: 0,
        nextStageShare: null,
        satisfaction: { mean: null, n: 0, sufficient: false },
      });
    }
  });

  it("the default W of 30 days takes in h2 (W + 1 s at 1 day): ads × discovery 4 / 5 = 0.8, till × purchase 1 / 1", async () => {
    const month = await getTouchpointHeatmap(t.db, { filter });
    expect(month.windowSeconds).toBe(30 * DAY);
    expect(cellOf(month, "ads", "discovery")?.nextStageShare).toBe(0.8);
    expect(cellOf(month, "website", "consideration")?.nextStageShare).toBe(0.5);
    expect(cellOf(month, "till", "purchase")?.nextStageShare).toBe(1);
  });

  it("a channel filter keeps that channel's rows: store → store, till", async () => {
    const store = await getTouchpointHeatmap(t.db, {
      filter: { ...filter, channels: ["store"] },
      windowSeconds: DAY,
    });
    expect(store.rows.map((r) => r.touchpoint)).toEqual(["store", "till"]);
    expect(store.channels.map((c) => c.key)).toEqual(["store"]);
    expect(cellOf(store, "store", "decision")).toMatchObject({ events: 1, customers: 1 });
  });

  it("a persona filter keeps its customers: young (h1) → ads × discovery 1 event, 1 / 1 reached", async () => {
    const young = await getTouchpointHeatmap(t.db, {
      filter: { ...filter, personas: ["young"] },
      windowSeconds: DAY,
    });
    expect(cellOf(young, "ads", "discovery")).toMatchObject({
      events: 1,
      customers: 1,
      nextStageShare: 1,
    });
    expect(cellOf(young, "website", "consideration")).toMatchObject({
      customers: 1,
      nextStageShare: 0,
    });
  });
});
