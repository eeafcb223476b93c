import type { TStageMetric } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importSpend } from "../../src/interchange";
import {
  type GetStageMetricsParams,
  getStageMetrics as getStageMetricsOnPostgres,
  type StageMetrics,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { clickhouseEngine, postgresEngine } from "../../src/metrics/engine";
import { spendReader } from "../../src/metrics/postgres/spend";
import { CLI_ACTOR } from "../../src/queries/audit";
import { setStageMetrics } from "../../src/queries/catalogue-stages";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

let seq = 0;
const ev = (customer: string, touchpoint: string, t: number, type = "view"): FixtureEvent => ({
  id: `c${++seq}`,
  customer,
  touchpoint,
  t,
  type,
});

/**
 * T0 is 2021-01-04 00:00 UTC; the period is [T0, T0 + 3 d): the days 01-04, 01-05 and 01-06.
 * Buyers: a twice at checkout (web), b at checkout, c at the till (store), d at app_checkout
 * (app); e only views. x's events are outside the period (1 s before it, and at its end).
 */
const FIXTURE: FixtureEvent[] = [
  ev("a", "checkout", 1 * HOUR, "purchase"),
  ev("a", "checkout", 30 * HOUR, "purchase"),
  ev("b", "checkout", 48 * HOUR, "purchase"),
  ev("c", "till", 5 * HOUR, "purchase"),
  ev("d", "app_checkout", 50 * HOUR, "purchase"),
  ev("e", "ads", 3 * HOUR),
  ev("x", "ads", -1),
  ev("x", "checkout", 3 * DAY, "purchase"),
];

/**
 * Web: 1,000.00 the day before the period, 100.00 + 50.50 + 20.00 in it, 999.00 the day it
 * ends (outside). Email: 30.00 and 0.00. Store: nothing. The amount with a comma is quoted.
 */
const SPEND = [
  "date,channel,amount",
  "2021-01-03,web,1000",
  "2021-01-04,web,100.00",
  '2021-01-05,web,"50,50"',
  "2021-01-06,web,20",
  "2021-01-07,web,999.00",
  "2021-01-04,email,30.00",
  "2021-01-05,email,0",
].join("\n");

const purchasers = { kind: "customers" as const, of: { touchpoints: [], types: ["purchase"] } };
const METRICS: TStageMetric[] = [
  {
    key: "per_conversion",
    name: "Cost per conversion",
    kind: "cost",
    channels: [],
    per: purchasers,
    target: { op: "lte", value: 60 },
  },
  {
    key: "web_reach",
    name: "Web cost per customer reached",
    kind: "cost",
    channels: ["web"],
    per: { kind: "customers", of: { touchpoints: [], types: [] } },
    target: null,
  },
  {
    key: "email_per_purchase",
    name: "Email cost per purchase",
    kind: "cost",
    channels: ["email"],
    per: { kind: "events", of: { touchpoints: [], types: ["purchase"] } },
    target: null,
  },
  {
    key: "store",
    name: "Store cost per conversion",
    kind: "cost",
    channels: ["store"],
    per: purchasers,
    target: { op: "lte", value: 10 },
  },
  {
    key: "per_review",
    name: "Cost per reviewer",
    kind: "cost",
    channels: [],
    per: { kind: "customers", of: { touchpoints: [], types: ["review"] } },
    target: null,
  },
];

const filter = { from: date(0), to: date(3 * DAY) };
const metric = (m: StageMetrics, key: string) =>
  m.stages.find((s) => s.stage === "purchase")?.metrics.find((x) => x.key === key);

describe.each(METRIC_ENGINES)("cost metrics on $name", (engine) => {
  let t: TestDatabase;
  const on = onEngine(engine, () => t);
  const getStageMetrics = on.metric(getStageMetricsOnPostgres, (ch, p) =>
    chm.getStageMetrics(ch, { ...p, spend: spendReader(t.db) }),
  );
  // As routers ask: Metrics reads the spend from PostgreSQL itself on either engine.
  const throughMetrics = on.metric(
    (db, p: GetStageMetricsParams) => postgresEngine().on(db).getStageMetrics(p),
    (client, p) => clickhouseEngine(client).on(t.db).getStageMetrics({ filter: p.filter }),
  );

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await importSpend(t.db, CLI_ACTOR, SPEND);
    await setStageMetrics(t.db, CLI_ACTOR, { stage: "purchase", metrics: METRICS });
  });
  afterAll(() => t.cleanup());

  it("per conversion, all channels: (100 + 50.50 + 20 + 30 + 0) ÷ 4 buyers (a, b, c, d) = 50.125, target ≤ 60 met", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "per_conversion")).toMatchObject({
      kind: "cost",
      value: 50.125,
      n: 4,
      status: "met",
    });
  });

  it("through Metrics (engine.ts), as the routers ask: the same 50.125", async () => {
    const m = await throughMetrics(t.db, { filter });
    expect(metric(m, "per_conversion")).toMatchObject({ value: 50.125, n: 4 });
  });

  it("per customer reached, web only: 170.50 ÷ 5 customers (a, b, c, d, e) = 34.10", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "web_reach")?.value).toBeCloseTo(34.1, 10);
    expect(metric(m, "web_reach")?.n).toBe(5);
  });

  it("per purchase event, email only: 30 ÷ 5 purchases (a 2, b, c, d) = 6", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "email_per_purchase")).toMatchObject({ value: 6, n: 5 });
  });

  it("no spend row for the channel in the period: no value, status no_data", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "store")).toMatchObject({ value: null, n: 4, status: "no_data" });
  });

  it("a zero count (nobody reviewed): no value", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "per_review")).toMatchObject({ value: null, n: 0 });
  });

  it("a day counts when it starts in the period: from T0 + 12 h, 01-05 and 01-06 (70.50) ÷ 3 buyers (a, b, d) = 23.50", async () => {
    const m = await getStageMetrics(t.db, { filter: { from: date(12 * HOUR), to: date(3 * DAY) } });
    expect(metric(m, "per_conversion")).toMatchObject({ value: 23.5, n: 3 });
  });

  it("a spend of 0 is a spend: 01-05 on email, 0 ÷ 1 buyer (a) = 0", async () => {
    const m = await getStageMetrics(t.db, { filter: { from: date(DAY), to: date(2 * DAY) } });
    expect(metric(m, "email_per_purchase")).toMatchObject({ value: 0, n: 1 });
  });

  it("the filter's channels narrow the spend: web only, 170.50 ÷ 2 web buyers (a, b) = 85.25; email's spend is outside it", async () => {
    const m = await getStageMetrics(t.db, { filter: { ...filter, channels: ["web"] } });
    expect(metric(m, "per_conversion")).toMatchObject({ value: 85.25, n: 2 });
    expect(metric(m, "email_per_purchase")).toMatchObject({ value: null, n: 3 });
  });
});
