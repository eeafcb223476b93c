import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GetRetentionParams, getRetention, type Retention } from "../../src/metrics";
import { getRetention as getRetentionOnClickHouse } from "../../src/metrics/clickhouse";
import { getCatalogue, UnknownKeyError } from "../../src/queries";
import { CHDB_UP, openChdbClickHouse } from "../clickhouse/chdb";
import { METRIC_ENGINES } from "../clickhouse/engines";
import { openTestClickHouse, type TestClickHouse } from "../clickhouse/helpers";
import { syncFully } from "../clickhouse/sync-fixtures";
import {
  assignTestPersonas,
  DAY,
  date,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
  type TestTarget,
} from "../helpers";

/** PostgreSQL on each target, ClickHouse when a server answers, and chdb (current ClickHouse). */
const ENGINES: { name: string; target: TestTarget; open?: () => Promise<TestClickHouse> }[] = [
  ...METRIC_ENGINES.map((e) => ({
    name: e.name,
    target: e.target,
    ...(e.clickhouse ? { open: () => openTestClickHouse() } : {}),
  })),
  ...(CHDB_UP
    ? [{ name: "chdb (ClickHouse 26)", target: "pglite" as const, open: openChdbClickHouse }]
    : []),
];

// T0 is Monday 4 January 2021. ISO weeks: W0 4 Jan, W1 11 Jan, W2 18 Jan, W3 25 Jan, W4 1 Feb.
// The weekly period runs from Tuesday 5 January to Tuesday 19 January (exclusive).
const weekly = { from: date(1 * DAY), to: date(15 * DAY) };
const FEB_1_NOON = date(28 * DAY + 12 * HOUR);
const iso = (text: string) => new Date(text);

/** Each cohort as [customers, ...period cells], a cell as "retained status" ("-" in the future). */
function table(r: Retention): (string | number)[][] {
  return r.cohorts.map((c) => [
    c.customers,
    ...c.cells.map((cell) =>
      cell.status === "future" ? "-" : `${cell.retained} ${cell.status.slice(0, 4)}`,
    ),
  ]);
}

describe.each(ENGINES)("retention on $name", (engine) => {
  let t: TestDatabase;
  let ch: TestClickHouse | undefined;
  const retention = async (params: Omit<GetRetentionParams, "catalogue">): Promise<Retention> =>
    ch
      ? getRetentionOnClickHouse(ch, {
          ...params,
          catalogue: await getCatalogue(t.db),
        })
      : getRetention(t.db, params);

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
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
    await insertEvents(t.db, [
      // a: first purchase Tuesday 5 Jan (W0); a visit in W1, a purchase in W2 (after `to`).
      purchase("a1", "a", 1 * DAY + 10 * HOUR),
      view("a2", "a", 8 * DAY),
      purchase("a3", "a", 16 * DAY),
      // b: first purchase Sunday 10 Jan, 23:00 (still W0); a refund Monday 11 (W1), a purchase
      // in W3, a visit on 3 March.
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
      view("b4", "b", 58 * DAY),
      // c: first purchase Monday 4 Jan, before `from`: in no weekly cohort, though it buys again.
      purchase("c1", "c", 12 * HOUR),
      purchase("c2", "c", 2 * DAY),
      // d: never purchases.
      view("d1", "d", 3 * DAY),
      // e: first purchase Monday 11 Jan (W1); a visit the same week (period 0), a purchase in
      // W3, a visit on Monday 1 Feb (W4).
      purchase("e1", "e", 7 * DAY + 9 * HOUR),
      view("e2", "e", 7 * DAY + 15 * HOUR),
      purchase("e3", "e", 21 * DAY),
      view("e4", "e", 28 * DAY + 10 * HOUR),
      // f: first purchase Monday 18 Jan at midnight (W2, the period's last day); a visit in W3,
      // a purchase on 1 Feb (W4).
      purchase("f1", "f", 14 * DAY),
      view("f2", "f", 23 * DAY),
      purchase("f3", "f", 28 * DAY + 11 * HOUR),
      // g: first purchase Tuesday 19 Jan, after `to`.
      purchase("g1", "g", 15 * DAY + 10 * HOUR),
      // h: first purchase in store (till) on 6 Jan (W0), then on the web (checkout) in W1.
      purchase("h1", "h", 2 * DAY + 10 * HOUR, "till"),
      purchase("h2", "h", 9 * DAY),
    ]);
    await assignTestPersonas(t.db, { e: { age: 25 } });
    if (engine.open) {
      ch = await engine.open();
      await syncFully(t.db, ch);
    }
  });
  afterAll(async () => {
    await ch?.cleanup();
    await t.cleanup();
  });

  it("any event, weeks: W0 = a, b, h (3) retained 3, 1, 1; W1 = e (1) 0, 1, 1 so far; W2 = f (1) 1, 1 so far, then not begun", async () => {
    const r = await retention({
      filter: weekly,
      cohort: "week",
      mode: "any",
      periods: 3,
      now: FEB_1_NOON,
    });
    // W0 p1 (W1): a's visit, b's refund (any event counts), h's purchase; p2 (W2): a; p3 (W3): b.
    // W1 p1 (W2): nobody (e's visit on the 11th is period 0); p2 (W3): e; p3 (W4, under way): e.
    // W2 p1 (W3): f; p2 (W4, under way): f; p3 (W5) has not begun on 1 February.
    expect(table(r)).toEqual([
      [3, "3 comp", "3 comp", "1 comp", "1 comp"],
      [1, "1 comp", "0 comp", "1 comp", "1 inco"],
      [1, "1 comp", "1 comp", "1 inco", "-"],
    ]);
    expect(r.customers).toBe(5);
    expect(r.cohorts[0]).toMatchObject({
      start: iso("2021-01-04T00:00:00Z"),
      end: iso("2021-01-11T00:00:00Z"),
      from: iso("2021-01-05T00:00:00Z"),
      to: iso("2021-01-11T00:00:00Z"),
      partial: true,
      complete: true,
    });
    expect(r.cohorts[0]?.cells[2]).toEqual({
      period: 2,
      start: iso("2021-01-18T00:00:00Z"),
      end: iso("2021-01-25T00:00:00Z"),
      status: "complete",
      retained: 1,
      share: 1 / 3,
    });
    expect(r.cohorts[2]).toMatchObject({ partial: true, to: iso("2021-01-19T00:00:00Z") });
    expect(r.cohorts[2]?.cells[3]).toMatchObject({ status: "future", retained: null, share: null });
    // The average over complete cells only: p1 (3 + 0 + 1) / 5; p2 (1 + 1) / (3 + 1), W2's
    // under way; p3 1 / 3, W0 alone.
    expect(r.average).toEqual([
      { period: 0, cohorts: 3, customers: 5, retained: 5, share: 1 },
      { period: 1, cohorts: 3, customers: 5, retained: 4, share: 4 / 5 },
      { period: 2, cohorts: 2, customers: 4, retained: 2, share: 2 / 4 },
      { period: 3, cohorts: 1, customers: 3, retained: 1, share: 1 / 3 },
    ]);
  });

  it("purchased again, weeks: a refund is no purchase (b), a visit neither (f in W3)", async () => {
    const r = await retention({
      filter: weekly,
      cohort: "week",
      mode: "purchase",
      periods: 3,
      now: FEB_1_NOON,
    });
    // W0: h in W1, a in W2, b in W3. W1: e in W3. W2: f on 1 February (W4, under way).
    expect(table(r)).toEqual([
      [3, "3 comp", "1 comp", "1 comp", "1 comp"],
      [1, "1 comp", "0 comp", "1 comp", "0 inco"],
      [1, "1 comp", "0 comp", "1 inco", "-"],
    ]);
  });

  it("a channel filter drops events first: on the web, h's first purchase is 13 January (W1)", async () => {
    const r = await retention({
      filter: { ...weekly, channels: ["web"] },
      cohort: "week",
      mode: "any",
      periods: 3,
      now: FEB_1_NOON,
    });
    // W0 = a, b: a's visit and b's refund (delivery, web) in W1, a in W2, b in W3.
    // W1 = e, h: nothing in W2, e in W3 and W4.
    expect(table(r)).toEqual([
      [2, "2 comp", "2 comp", "1 comp", "1 comp"],
      [2, "2 comp", "0 comp", "1 comp", "1 inco"],
      [1, "1 comp", "1 comp", "1 inco", "-"],
    ]);
  });

  it("a persona filter keeps its customers only; an empty cohort has counts of 0 and no share", async () => {
    const r = await retention({
      filter: { ...weekly, personas: ["young"] },
      cohort: "week",
      mode: "any",
      periods: 2,
      now: FEB_1_NOON,
    });
    expect(table(r)).toEqual([
      [0, "0 comp", "0 comp", "0 comp"],
      [1, "1 comp", "0 comp", "1 comp"],
      [0, "0 comp", "0 comp", "0 inco"],
    ]);
    expect(r.cohorts[0]?.cells[1]?.share).toBeNull();
    expect(r.average[1]).toEqual({ period: 1, cohorts: 1, customers: 1, retained: 0, share: 0 });
  });

  it("months are calendar months: January = a, b, c, e, f, g, h (7); February 2 (e, f), March 1 (b) so far", async () => {
    const filter = { from: iso("2021-01-01T00:00:00Z"), to: iso("2021-03-01T00:00:00Z") };
    const now = iso("2021-03-15T00:00:00Z");
    const any = await retention({ filter, cohort: "month", mode: "any", periods: 2, now });
    expect(table(any)).toEqual([
      [7, "7 comp", "2 comp", "1 inco"],
      [0, "0 comp", "0 inco", "-"],
    ]);
    expect(any.cohorts.map((c) => [c.start, c.end, c.partial])).toEqual([
      [iso("2021-01-01T00:00:00Z"), iso("2021-02-01T00:00:00Z"), false],
      [iso("2021-02-01T00:00:00Z"), iso("2021-03-01T00:00:00Z"), false],
    ]);
    // March is under way for January and nobody's has ended: no average for period 2.
    expect(any.average[2]).toEqual({
      period: 2,
      cohorts: 0,
      customers: 0,
      retained: 0,
      share: null,
    });
    const again = await retention({ filter, cohort: "month", mode: "purchase", periods: 2, now });
    expect(table(again)).toEqual([
      [7, "7 comp", "1 comp", "0 inco"],
      [0, "0 comp", "0 inco", "-"],
    ]);
  });

  it("refuses an unknown persona, and too many cohorts before any query", async () => {
    await expect(
      retention({
        filter: { ...weekly, personas: ["nobody"] },
        cohort: "week",
        mode: "any",
        periods: 2,
      }),
    ).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(
      retention({
        filter: { from: iso("2021-01-01T00:00:00Z"), to: iso("2024-01-01T00:00:00Z") },
        cohort: "week",
        mode: "any",
        periods: 2,
      }),
    ).rejects.toThrow(/157 week cohorts; retention shows at most 120/);
  });
});
