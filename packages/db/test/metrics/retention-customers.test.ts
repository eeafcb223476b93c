import type { TAnalyticsFilter, TCustomerSource } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getCustomerList as getCustomerListOnPostgres,
  getRetention as getRetentionOnPostgres,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  assignTestPersonas,
  DAY,
  date,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

// T0 is Monday 4 January 2021. ISO weeks: W0 4 Jan, W1 11 Jan, W2 18 Jan, W3 25 Jan.
// The weekly period runs from Tuesday 5 January to Tuesday 19 January (exclusive).
const weekly: TAnalyticsFilter = { from: date(1 * DAY), to: date(15 * DAY) };
const now = date(60 * DAY);
const W0 = date(0);
const W1 = date(7 * DAY);

const purchase = (id: string, customer: string, at: number, touchpoint = "checkout") => ({
  id,
  customer,
  touchpoint,
  type: "purchase",
  revenue: 40,
  t: at,
});
const view = (id: string, customer: string, at: number) => ({
  id,
  customer,
  touchpoint: "website",
  t: at,
});

const cell = (
  cohortStart: Date,
  period: number,
  mode: "any" | "purchase" = "any",
  cohort: "week" | "month" = "week",
): TCustomerSource => ({ kind: "retention", cohort, mode, cohortStart, period });

describe.each(METRIC_ENGINES)("retention drill-down on $name", (engine) => {
  let t: TestDatabase;
  const on = onEngine(engine, () => t);
  const getCustomerList = on.metric(getCustomerListOnPostgres, chm.getCustomerList);
  const getRetention = on.metric(getRetentionOnPostgres, chm.getRetention);

  /** The list's ids (every page, 2 at a time) and its total. */
  const list = async (source: TCustomerSource, filter: TAnalyticsFilter = weekly) => {
    const ids: string[] = [];
    let total = -1;
    for (let offset = 0; offset < 20; offset += 2) {
      const page = await getCustomerList(t.db, {
        filter,
        source,
        sort: { by: "externalId", dir: "asc" },
        offset,
        limit: 2,
      });
      total = page.total;
      ids.push(...page.rows.map((r) => r.externalId));
      if (page.rows.length < 2) break;
    }
    return { total, ids };
  };
  /** The retention table's count for (cohort row, period). */
  const retained = async (
    row: number,
    period: number,
    mode: "any" | "purchase" = "any",
    filter: TAnalyticsFilter = weekly,
    cohort: "week" | "month" = "week",
  ) => {
    const r = await getRetention(t.db, { filter, cohort, mode, periods: 3, now });
    return r.cohorts[row]?.cells[period]?.retained;
  };

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      // a: first purchase Tuesday 5 Jan (W0); a visit in W1, a purchase in W2.
      purchase("a1", "a", 1 * DAY + 10 * HOUR),
      view("a2", "a", 8 * DAY),
      purchase("a3", "a", 16 * DAY),
      // b: first purchase Sunday 10 Jan 23:00 (W0); a refund in W1 (an event, no purchase), a
      // purchase in W3.
      purchase("b1", "b", 6 * DAY + 23 * HOUR),
      {
        id: "b2",
        customer: "b",
        touchpoint: "delivery",
        type: "return",
        revenue: -40,
        t: 7 * DAY + 10 * HOUR,
      },
      purchase("b3", "b", 22 * DAY),
      // c: first purchase Monday 4 Jan, before `from`: in no weekly cohort though it buys again.
      purchase("c1", "c", 12 * HOUR),
      purchase("c2", "c", 2 * DAY),
      // d: never purchases.
      view("d1", "d", 3 * DAY),
      // e: first purchase Monday 11 Jan (W1); a visit the same week (period 0), a purchase in W3.
      purchase("e1", "e", 7 * DAY + 9 * HOUR),
      view("e2", "e", 7 * DAY + 15 * HOUR),
      purchase("e3", "e", 21 * DAY),
      // g: first purchase Tuesday 19 Jan, after `to`.
      purchase("g1", "g", 15 * DAY + 10 * HOUR),
      // h: first purchase in store (till) on 6 Jan (W0), then on the web (checkout) in W1.
      purchase("h1", "h", 2 * DAY + 10 * HOUR, "till"),
      purchase("h2", "h", 9 * DAY),
    ]);
    await assignTestPersonas(t.db, { e: { age: 25 } });
  });
  afterAll(() => t.cleanup());

  it("W0's size = a, b, h (3); returned with any event in W1 = a, b, h (3), in W2 = a (1), in W3 = b (1): the table's cells", async () => {
    const lists = [
      await list(cell(W0, 0)),
      await list(cell(W0, 1)),
      await list(cell(W0, 2)),
      await list(cell(W0, 3)),
    ];
    expect(lists.map((l) => l.ids)).toEqual([["a", "b", "h"], ["a", "b", "h"], ["a"], ["b"]]);
    expect(lists.map((l) => l.total)).toEqual([3, 3, 1, 1]);
    expect(lists.map((l) => l.total)).toEqual([
      await retained(0, 0),
      await retained(0, 1),
      await retained(0, 2),
      await retained(0, 3),
    ]);
  });

  it("W1 = e (1): nobody in W2 (e's visit on the 11th is period 0), e in W3; a date inside the week names it", async () => {
    const p1 = await list(cell(W1, 1));
    const p2 = await list(cell(new Date(W1.getTime() + 3 * DAY + 5 * HOUR), 2));
    expect([p1.ids, p2.ids]).toEqual([[], ["e"]]);
    expect([p1.total, p2.total]).toEqual([await retained(1, 1), await retained(1, 2)]);
    expect([p1.total, p2.total]).toEqual([0, 1]);
  });

  it("purchased again: W0 in W1 = h only (b's refund and a's visit are no purchase), in W2 = a", async () => {
    const p1 = await list(cell(W0, 1, "purchase"));
    const p2 = await list(cell(W0, 2, "purchase"));
    expect([p1.ids, p2.ids]).toEqual([["h"], ["a"]]);
    expect([p1.total, p2.total]).toEqual([
      await retained(0, 1, "purchase"),
      await retained(0, 2, "purchase"),
    ]);
  });

  it("filters apply as the table applies them: on the web h joins W1 (13 Jan is its first web purchase); young is e alone", async () => {
    const web = { ...weekly, channels: ["web"] };
    const w0 = await list(cell(W0, 0), web);
    const w1 = await list(cell(W1, 0), web);
    expect([w0.ids, w1.ids]).toEqual([
      ["a", "b"],
      ["e", "h"],
    ]);
    expect([w0.total, w1.total]).toEqual([
      await retained(0, 0, "any", web),
      await retained(1, 0, "any", web),
    ]);
    const young = { ...weekly, personas: ["young"] };
    const y = await list(cell(W1, 2), young);
    expect(y.ids).toEqual(["e"]);
    expect(y.total).toBe(await retained(1, 2, "any", young));
  });

  it("months: January = a, b, c, e, g, h (6; c's first purchase on 4 January counts now)", async () => {
    const filter = { from: new Date("2021-01-01T00:00:00Z"), to: new Date("2021-03-01T00:00:00Z") };
    const january = await list(cell(new Date("2021-01-01T00:00:00Z"), 0, "any", "month"), filter);
    expect(january.ids).toEqual(["a", "b", "c", "e", "g", "h"]);
    expect(january.total).toBe(await retained(0, 0, "any", filter, "month"));
  });
});
