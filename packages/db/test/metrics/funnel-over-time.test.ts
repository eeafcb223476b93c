import type { TFunnelStep } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFunnelOverTime } from "../../src/metrics";
import { getFunnelOverTime as getFunnelOverTimeOnClickHouse } from "../../src/metrics/clickhouse";
import { getCatalogue } from "../../src/queries";
import { CHDB_UP, openChdbClickHouse } from "../clickhouse/chdb";
import { METRIC_ENGINES } from "../clickhouse/engines";
import { openTestClickHouse, type TestClickHouse } from "../clickhouse/helpers";
import { syncFully } from "../clickhouse/sync-fixtures";
import {
  DAY,
  date,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
  type TestTarget,
} from "../helpers";

const steps: TFunnelStep[] = [
  { kind: "stage", key: "discovery" },
  { kind: "stage", key: "purchase" },
];
const W = 30 * DAY;

// T0 (2021-01-04) is a Monday. The period runs from Tuesday 5 January to Thursday 21 January
// (exclusive): ISO weeks of Monday 4 January (Tuesday to Sunday in the period), Monday 11
// (whole) and Monday 18 (Monday to Wednesday).
const TUE = DAY;
const from = date(TUE);
const to = date(17 * DAY);
const at = (iso: string) => new Date(iso);

/** PostgreSQL on each target, ClickHouse 18.16 when a server answers, and chdb (current ClickHouse). */
const ENGINES: { name: string; target: TestTarget; open?: () => Promise<TestClickHouse> }[] = [
  ...METRIC_ENGINES.map((e) => ({
    name: e.name,
    target: e.target,
    ...(e.clickhouse ? { open: () => openTestClickHouse() } : {}),
  })),
  ...(CHDB_UP
    ? [
        {
          name: "chdb (ClickHouse 26)",
          target: "pglite" as const,
          open: () => openChdbClickHouse(),
        },
      ]
    : []),
];

describe.each(ENGINES)("conversion over time on $name", (engine) => {
  let t: TestDatabase;
  let ch: TestClickHouse | undefined;
  const overTime = async (
    params: Parameters<typeof getFunnelOverTime>[1],
  ): ReturnType<typeof getFunnelOverTime> =>
    ch
      ? getFunnelOverTimeOnClickHouse(ch, { ...params, catalogue: await getCatalogue(t.db) })
      : getFunnelOverTime(t.db, params);

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      // Tuesday 5: enters and buys the next day.
      { id: "a1", customer: "a", touchpoint: "ads", t: TUE + 10 * HOUR },
      { id: "a2", customer: "a", touchpoint: "checkout", type: "purchase", t: 2 * DAY },
      // Sunday 10, 23:00: still the first ISO week.
      { id: "b1", customer: "b", touchpoint: "ads", t: 6 * DAY + 23 * HOUR },
      // Monday 11, 10:00: the second ISO week (a week counted from Tuesday 5 would hold it in
      // the first).
      { id: "c1", customer: "c", touchpoint: "ads", t: 7 * DAY + 10 * HOUR },
      // Wednesday 20: the last, partial week; buys on 25 January, after the period, within W.
      { id: "d1", customer: "d", touchpoint: "ads", t: 16 * DAY + 9 * HOUR },
      { id: "d2", customer: "d", touchpoint: "checkout", type: "purchase", t: 21 * DAY },
    ]);
    if (engine.open) {
      ch = await engine.open();
      await syncFully(t.db, ch);
    }
  });
  afterAll(async () => {
    await ch?.cleanup();
    await t.cleanup();
  });

  it("weeks are ISO weeks (Monday to Sunday), the period's first and last marked partial; a cohort is complete once W has passed for all its entrants", async () => {
    // 30 days after the first week's last instant (Monday 11 January): that bucket is complete,
    // the later ones are not.
    const now = at("2021-02-10T00:00:00Z");
    const { buckets } = await overTime({
      filter: { from, to },
      steps,
      windowSeconds: W,
      bucket: "week",
      now,
    });
    expect(buckets).toEqual([
      {
        start: at("2021-01-04T00:00:00Z"),
        end: at("2021-01-11T00:00:00Z"),
        from: at("2021-01-05T00:00:00Z"),
        to: at("2021-01-11T00:00:00Z"),
        partial: true,
        complete: true,
        entered: 2,
        converted: 1,
        conversion: 0.5,
      },
      {
        start: at("2021-01-11T00:00:00Z"),
        end: at("2021-01-18T00:00:00Z"),
        from: at("2021-01-11T00:00:00Z"),
        to: at("2021-01-18T00:00:00Z"),
        partial: false,
        complete: false,
        entered: 1,
        converted: 0,
        conversion: 0,
      },
      {
        start: at("2021-01-18T00:00:00Z"),
        end: at("2021-01-25T00:00:00Z"),
        from: at("2021-01-18T00:00:00Z"),
        to: at("2021-01-21T00:00:00Z"),
        partial: true,
        complete: false,
        entered: 1,
        converted: 1,
        conversion: 1,
      },
    ]);
    // A millisecond earlier, the first week's last entrants have not had W yet.
    const before = await overTime({
      filter: { from, to },
      steps,
      windowSeconds: W,
      bucket: "week",
      now: new Date(now.getTime() - 1),
    });
    expect(before.buckets.map((b) => b.complete)).toEqual([false, false, false]);
  });

  it("days are UTC days: whole inside a period of whole days, incomplete for the last W", async () => {
    const { buckets } = await overTime({
      filter: { from, to: date(4 * DAY) },
      steps,
      windowSeconds: W,
      bucket: "day",
      now: at("2021-02-05T12:00:00Z"),
    });
    expect(
      buckets.map((b) => [b.start.toISOString().slice(0, 10), b.entered, b.converted]),
    ).toEqual([
      ["2021-01-05", 1, 1],
      ["2021-01-06", 0, 0],
      ["2021-01-07", 0, 0],
    ]);
    expect(buckets.every((b) => !b.partial)).toBe(true);
    // 30 days after 5 January ends (5 February, 00:00) have passed; after 6 January, not yet.
    expect(buckets.map((b) => b.complete)).toEqual([true, false, false]);
  });
});
