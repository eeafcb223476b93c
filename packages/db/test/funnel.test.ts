import type { TFunnelStep } from "@parcours/validators";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignPersonas, getFunnel, UnknownKeyError } from "../src/queries";
import { customers } from "../src/schema";
import {
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

const stage = (key: string, type?: string): TFunnelStep => ({
  kind: "stage",
  key,
  ...(type ? { type } : {}),
});
const touchpoint = (key: string, type?: string): TFunnelStep => ({
  kind: "touchpoint",
  key,
  ...(type ? { type } : {}),
});
const D = stage("discovery");
const C = stage("consideration");
const P = stage("purchase");

/** Each case lives 100 days after the previous one, so that no case sees another's events. */
const base = (n: number) => n * 100 * DAY;
const period = (n: number, days = 10) => ({ from: date(base(n)), to: date(base(n) + days * DAY) });
const ev = (
  n: number,
  id: string,
  customer: string,
  tp: string,
  t: number,
  extra: Partial<FixtureEvent> = {},
) =>
  ({
    id: `${n}-${id}`,
    customer: `${n}-${customer}`,
    touchpoint: tp,
    t: base(n) + t,
    ...extra,
  }) satisfies FixtureEvent;

const FIXTURE: FixtureEvent[] = [
  // 1: entry before the period does not count; the customer who enters inside does.
  ev(1, "a", "early", "ads", -HOUR),
  ev(1, "b", "early", "website", HOUR),
  ev(1, "c", "inside", "ads", 2 * HOUR),
  ev(1, "d", "inside", "website", 3 * HOUR),
  // 2: later steps may fall after `to` (period of 1 day), within W.
  ev(2, "a", "late", "ads", 23 * HOUR),
  ev(2, "b", "late", "website", 25 * HOUR),
  ev(2, "c", "late", "checkout", 30 * HOUR, { type: "purchase" }),
  // 3: window edge, W = 1 day: exactly W counts, one second more does not.
  ev(3, "a", "edge", "ads", 0),
  ev(3, "b", "edge", "website", DAY),
  ev(3, "c", "past", "ads", 0),
  ev(3, "d", "past", "website", DAY + 1),
  // 4: a later entry converts where the earlier one did not (W = 1 day).
  ev(4, "a", "again", "ads", 0),
  ev(4, "b", "again", "ads", 5 * DAY),
  ev(4, "c", "again", "website", 5 * DAY + HOUR),
  // 5: equal timestamps, inserted in reverse step order.
  ev(5, "a", "same2", "website", HOUR),
  ev(5, "b", "same2", "ads", HOUR),
  ev(5, "c", "same3", "checkout", 2 * HOUR, { type: "purchase" }),
  ev(5, "d", "same3", "website", 2 * HOUR),
  ev(5, "e", "same3", "ads", 2 * HOUR),
  // 6: steps out of order: consideration before discovery does not count.
  ev(6, "a", "backwards", "website", 0),
  ev(6, "b", "backwards", "ads", HOUR),
  // 7: channel filter: `viaapp` considers in the app, `viaweb` on the website.
  ev(7, "a", "viaapp", "ads", 0),
  ev(7, "b", "viaapp", "app", HOUR),
  ev(7, "c", "viaweb", "ads", 0),
  ev(7, "d", "viaweb", "website", HOUR),
  // 8: persona filter: `young` (age 25), `member` (loyal), `nobody` (no persona).
  ev(8, "a", "young", "ads", 0),
  ev(8, "b", "young", "website", HOUR),
  ev(8, "c", "member", "ads", 0),
  ev(8, "d", "nobody", "ads", 0),
  ev(8, "e", "nobody", "website", HOUR),
  // 9: time-to-step percentiles over 5 customers: 100, 200, 300, 400, 1000 s.
  ...[100, 200, 300, 400, 1000].flatMap((s, i) => [
    ev(9, `a${i}`, `p${i}`, "ads", 0),
    ev(9, `b${i}`, `p${i}`, "website", s),
  ]),
  // 10: touchpoint steps with an event type: an abandoned checkout is not a purchase.
  ev(10, "a", "abandoned", "ads", 0),
  ev(10, "b", "abandoned", "checkout", HOUR, { type: "checkout" }),
  ev(10, "c", "bought", "ads", 0),
  ev(10, "d", "bought", "checkout", HOUR, { type: "purchase" }),
  // 11: one in-store purchase meets both "purchase stage" and "touchpoint till".
  ev(11, "a", "till", "till", HOUR, { type: "purchase" }),
  // 12: the fastest chain starts from the latest entry: D at 0 and 100, C at 1000 -> 900 s.
  ev(12, "a", "fast", "ads", 0),
  ev(12, "b", "fast", "ads", 100),
  ev(12, "c", "fast", "website", 1000),
  // 13: an entry exactly at `to` is outside the half-open period.
  ev(13, "a", "at-to", "ads", 10 * DAY),
  ev(13, "b", "at-to", "website", 10 * DAY + 1),
  ev(13, "c", "in", "ads", 10 * DAY - 1),
  // 14: four customers with 10, 20, 30, 40 s to consideration, two of whom buy after 1 and 3 h.
  ...[10, 20, 30, 40].flatMap((s, i) => [
    ev(14, `a${i}`, `q${i}`, "ads", 0),
    ev(14, `b${i}`, `q${i}`, "website", s),
  ]),
  ev(14, "c0", "q0", "checkout", HOUR, { type: "purchase" }),
  ev(14, "c1", "q1", "checkout", 3 * HOUR, { type: "purchase" }),
];

describe.each(TEST_TARGETS)("getFunnel on %s", (target) => {
  let t: TestDatabase;
  const counts = async (
    n: number,
    steps: TFunnelStep[],
    extra: { windowSeconds?: number; days?: number } = {},
  ) => {
    const result = await getFunnel(t.db, {
      filter: period(n, extra.days),
      steps,
      ...(extra.windowSeconds ? { windowSeconds: extra.windowSeconds } : {}),
    });
    return result.steps.map((s) => s.customers);
  };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await t.db
      .update(customers)
      .set({ attributes: { age: 25 } })
      .where(eq(customers.externalId, "8-young"));
    await t.db
      .update(customers)
      .set({ attributes: { member: true } })
      .where(eq(customers.externalId, "8-member"));
    await assignPersonas(t.db);
  });
  afterAll(() => t.cleanup());

  it("an entry before the period is not counted: counts [1, 1]", async () => {
    expect(await counts(1, [D, C])).toEqual([1, 1]);
  });

  it("steps after `to` count within W: counts [1, 1, 1], 2 h and 7 h to steps 2 and 3", async () => {
    const r = await getFunnel(t.db, { filter: period(2, 1), steps: [D, C, P] });
    expect(r.steps.map((s) => s.customers)).toEqual([1, 1, 1]);
    expect(r.steps.map((s) => s.medianSecondsToStep)).toEqual([0, 2 * HOUR, 7 * HOUR]);
  });

  it("a step exactly at W counts, one second past it does not: [2, 1], 1 / 2 = 0.5, drop-off 1", async () => {
    const r = await getFunnel(t.db, { filter: period(3), steps: [D, C], windowSeconds: DAY });
    expect(r.steps.map((s) => s.customers)).toEqual([2, 1]);
    expect(r.steps[1]?.conversionFromPrevious).toBe(0.5);
    expect(r.steps[1]?.conversionOverall).toBe(0.5);
    expect(r.steps[1]?.dropOff).toBe(1);
    expect(r.steps[1]?.medianSecondsToStep).toBe(DAY);
  });

  it("a later entry converts where the earlier one did not: [1, 1], 3600 s from the later entry", async () => {
    const r = await getFunnel(t.db, { filter: period(4), steps: [D, C], windowSeconds: DAY });
    expect(r.steps.map((s) => s.customers)).toEqual([1, 1]);
    expect(r.steps[1]?.medianSecondsToStep).toBe(HOUR);
  });

  it("equal timestamps chain in either order: [2, 2, 1] with 0 s to every step", async () => {
    const r = await getFunnel(t.db, { filter: period(5), steps: [D, C, P] });
    expect(r.steps.map((s) => s.customers)).toEqual([2, 2, 1]);
    expect(r.steps.map((s) => s.medianSecondsToStep)).toEqual([0, 0, 0]);
  });

  it("steps out of order do not count: [1, 0]", async () => {
    expect(await counts(6, [D, C])).toEqual([1, 0]);
  });

  it("a channel filter drops events before matching: web only [2, 1], no filter [2, 2]", async () => {
    const web = await getFunnel(t.db, {
      filter: { ...period(7), channels: ["web"] },
      steps: [D, C],
    });
    expect(web.steps.map((s) => s.customers)).toEqual([2, 1]);
    expect(await counts(7, [D, C])).toEqual([2, 2]);
  });

  it("a touchpoint filter keeps only those touchpoints' events: ads + app gives [2, 1]", async () => {
    const r = await getFunnel(t.db, {
      filter: { ...period(7), touchpoints: ["ads", "app"] },
      steps: [D, C],
    });
    expect(r.steps.map((s) => s.customers)).toEqual([2, 1]);
  });

  it("a persona filter keeps or drops customers: young [1, 1], loyal [1, 0], unassigned [1, 1], both [2, 1]", async () => {
    const only = async (personas: string[]) =>
      (await getFunnel(t.db, { filter: { ...period(8), personas }, steps: [D, C] })).steps.map(
        (s) => s.customers,
      );
    expect(await only(["young"])).toEqual([1, 1]);
    expect(await only(["loyal"])).toEqual([1, 0]);
    expect(await only(["unassigned"])).toEqual([1, 1]);
    expect(await only(["young", "loyal"])).toEqual([2, 1]);
    expect(await counts(8, [D, C])).toEqual([3, 2]);
  });

  it("time to step is percentile_cont: 100,200,300,400,1000 s -> median 300, p90 400 + 0.6 × 600 = 760", async () => {
    const r = await getFunnel(t.db, { filter: period(9), steps: [D, C] });
    expect(r.steps[1]?.medianSecondsToStep).toBe(300);
    expect(r.steps[1]?.p90SecondsToStep).toBeCloseTo(760, 9);
  });

  it("even counts interpolate: 10,20,30,40 s -> median 25, p90 30 + 0.7 × 10 = 37; 1 h and 3 h -> median 2 h", async () => {
    const r = await getFunnel(t.db, { filter: period(14), steps: [D, C, P] });
    expect(r.steps.map((s) => s.customers)).toEqual([4, 4, 2]);
    expect(r.steps[1]?.medianSecondsToStep).toBe(25);
    expect(r.steps[1]?.p90SecondsToStep).toBeCloseTo(37, 9);
    expect(r.steps[2]?.medianSecondsToStep).toBe(2 * HOUR);
    // p90 of 3600 and 10800: 3600 + 0.9 × 7200 = 10080
    expect(r.steps[2]?.p90SecondsToStep).toBeCloseTo(10_080, 9);
    expect(r.steps[2]?.conversionFromPrevious).toBe(0.5);
  });

  it("touchpoint steps with an event type: only the purchase counts, [2, 1]", async () => {
    const r = await getFunnel(t.db, {
      filter: period(10),
      steps: [touchpoint("ads"), touchpoint("checkout", "purchase")],
    });
    expect(r.steps.map((s) => s.customers)).toEqual([2, 1]);
    expect(r.steps.map((s) => s.key)).toEqual(["touchpoint:ads", "touchpoint:checkout@purchase"]);
    expect(await counts(10, [touchpoint("ads"), stage("purchase", "checkout")])).toEqual([2, 1]);
  });

  it("one event that matches consecutive steps serves both: purchase then touchpoint:till is [1, 1]", async () => {
    expect(await counts(11, [P, touchpoint("till")])).toEqual([1, 1]);
  });

  it("the fastest chain starts at the latest entry: 1000 − 100 = 900 s", async () => {
    const r = await getFunnel(t.db, { filter: period(12), steps: [D, C] });
    expect(r.steps[1]?.medianSecondsToStep).toBe(900);
  });

  it("the period is half-open: an entry at `to` is out, one a second before is in: [1, 0]", async () => {
    expect(await counts(13, [D, C])).toEqual([1, 0]);
  });

  it("an empty period gives zeros and no ratios", async () => {
    const r = await getFunnel(t.db, { filter: period(50), steps: [D, C] });
    expect(r.steps.map((s) => [s.customers, s.conversionOverall, s.medianSecondsToStep])).toEqual([
      [0, null, null],
      [0, null, null],
    ]);
  });

  it("an unknown step key is an UnknownKeyError naming it", async () => {
    await expect(
      getFunnel(t.db, { filter: period(1), steps: [D, stage("nirvana")] }),
    ).rejects.toThrow(UnknownKeyError);
    await expect(
      getFunnel(t.db, { filter: period(1), steps: [D, touchpoint("fax")] }),
    ).rejects.toThrow("unknown touchpoint: fax");
  });
});
