import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDesignedVsObserved as getDesignedVsObservedOnPostgres } from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
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
const ev = (customer: string, touchpoint: string, t: number, id?: string): FixtureEvent => ({
  id: id ?? `d${++seq}`,
  customer,
  touchpoint,
  t,
});

/**
 * Stage positions: ads 0 (discovery), website and app 1 (consideration), store 2 (decision),
 * checkout 3 (purchase), delivery 4 (after-sales), newsletter 5 (loyalty). Period [T0, T0 + 10 d),
 * W = 2 days.
 */
const FIXTURE: FixtureEvent[] = [
  // a: 0 1 2 3, the design; leaves at checkout.
  ev("a", "ads", 0),
  ev("a", "website", HOUR),
  ev("a", "store", 2 * HOUR),
  ev("a", "checkout", 3 * HOUR),
  // b: 0 3 4 skips consideration and decision; the newsletter comes 12 days later: leaves at delivery.
  ev("b", "ads", 0),
  ev("b", "checkout", HOUR),
  ev("b", "delivery", 2 * HOUR),
  ev("b", "newsletter", 12 * DAY),
  // c: 1 0 1 2 backtracks and comes back to consideration; the app visit after `to` is within W.
  ev("c", "website", 0),
  ev("c", "ads", HOUR),
  ev("c", "website", 2 * HOUR),
  ev("c", "store", 9.5 * DAY),
  ev("c", "app", 10.5 * DAY),
  // d: one stage twice in a row follows the design; leaves at store.
  ev("d", "store", 0),
  ev("d", "store", HOUR),
  // e: its ads visit is before `from`; leaves at website.
  ev("e", "ads", -HOUR),
  ev("e", "website", HOUR),
  // f: same instant, ordered by event_id: ads (f1) then website (f2); leaves at website.
  ev("f", "website", 5 * HOUR, "f2"),
  ev("f", "ads", 5 * HOUR, "f1"),
];

const filter = { from: date(0), to: date(10 * DAY) };
const windowSeconds = 2 * DAY;

describe.each(METRIC_ENGINES)("getDesignedVsObserved on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getDesignedVsObserved = onEngine(engine, () => t).metric(
    getDesignedVsObservedOnPostgres,
    chm.getDesignedVsObserved,
  );

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
  });
  afterAll(() => t.cleanup());

  it("6 customers: a, d, e and f follow the design (4 / 6), b skips, c backtracks and loops", async () => {
    const d = await getDesignedVsObserved(t.db, { filter, windowSeconds });
    expect(d.customers).toBe(6);
    expect(d.following).toEqual({ customers: 4, share: 4 / 6 });
    expect(d.skipping).toEqual({ customers: 1, share: 1 / 6 });
    expect(d.backtracking).toEqual({ customers: 1, share: 1 / 6 });
    expect(d.looping).toEqual({ customers: 1, share: 1 / 6 });
  });

  it("per stage: b skipped consideration and decision; c revisited consideration", async () => {
    const d = await getDesignedVsObserved(t.db, { filter, windowSeconds });
    expect(d.stages.map((s) => [s.key, s.skipped.customers, s.revisited.customers])).toEqual([
      ["discovery", 0, 0],
      ["consideration", 1, 1],
      ["decision", 1, 0],
      ["purchase", 0, 0],
      ["after_sales", 0, 0],
      ["loyalty", 0, 0],
    ]);
  });

  it("leaving: 5 of 6 (c comes back within W after `to`); website 2 (e, f), then checkout, delivery, store by key", async () => {
    const d = await getDesignedVsObserved(t.db, { filter, windowSeconds });
    expect(d.leavers).toBe(5);
    expect(d.tooRecent).toBe(0); // the query's now is years after every last event + W
    expect(d.lastTouchpoints.map((l) => [l.touchpoint, l.customers, l.share])).toEqual([
      ["website", 2, 2 / 5],
      ["checkout", 1, 1 / 5],
      ["delivery", 1, 1 / 5],
      ["store", 1, 1 / 5],
    ]);
  });

  it("now = T0 + 2 d 3 h: a (last at 3 h, + W = now exactly), b, d and e left; f (last at 5 h) is too recent to tell", async () => {
    const now = date(2 * DAY + 3 * HOUR);
    const d = await getDesignedVsObserved(t.db, { filter, windowSeconds, now });
    expect(d.leavers).toBe(4);
    expect(d.tooRecent).toBe(1);
    // Shares of the 4 who left, f not among them; ties by key.
    expect(d.lastTouchpoints.map((l) => [l.touchpoint, l.customers, l.share])).toEqual([
      ["checkout", 1, 1 / 4],
      ["delivery", 1, 1 / 4],
      ["store", 1, 1 / 4],
      ["website", 1, 1 / 4],
    ]);
    // How customers move does not depend on now.
    expect(d.customers).toBe(6);
    expect(d.following.customers).toBe(4);
  });

  it("now a day after the period's end, W = 12 days: nobody's W has elapsed, so nobody left; a, d, e and f are too recent, b and c stay", async () => {
    const d = await getDesignedVsObserved(t.db, {
      filter,
      windowSeconds: 12 * DAY,
      now: date(11 * DAY),
    });
    expect(d.leavers).toBe(0);
    expect(d.tooRecent).toBe(4);
    expect(d.lastTouchpoints).toEqual([]);
  });

  it("a window of 12 days: b's newsletter is within it, so b stays; c still stays", async () => {
    const d = await getDesignedVsObserved(t.db, { filter, windowSeconds: 12 * DAY });
    expect(d.leavers).toBe(4);
    expect(d.lastTouchpoints.map((l) => l.touchpoint)).not.toContain("delivery");
  });

  it("web events only: d has none; a now skips decision (0 1 3), so 2 skip and decision is skipped twice", async () => {
    const d = await getDesignedVsObserved(t.db, {
      filter: { ...filter, channels: ["web"] },
      windowSeconds,
    });
    expect(d.customers).toBe(5);
    expect(d.following.customers).toBe(2); // e, f
    expect(d.skipping.customers).toBe(2); // a, b
    expect(d.stages.find((s) => s.key === "decision")?.skipped.customers).toBe(2);
    // c's store and app visits are gone: it leaves at its last website visit.
    expect(d.lastTouchpoints.find((l) => l.touchpoint === "website")?.customers).toBe(3);
  });

  it("no events: nothing counted, no shares", async () => {
    const d = await getDesignedVsObserved(t.db, {
      filter: { from: date(20 * DAY), to: date(21 * DAY) },
    });
    expect(d.customers).toBe(0);
    expect(d.following).toEqual({ customers: 0, share: null });
    expect(d.leavers).toBe(0);
    expect(d.tooRecent).toBe(0);
    expect(d.lastTouchpoints).toEqual([]);
  });
});
