import type { TFunnelStep } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FunnelResult, getFunnel } from "../../src/metrics";
import { getFunnel as getFunnelOnClickHouse } from "../../src/metrics/clickhouse";
import { type Catalogue, getCatalogue, UnknownKeyError } from "../../src/queries";
import { CLICKHOUSE_UP, openTestClickHouse, type TestClickHouse } from "../clickhouse/helpers";
import { syncFully } from "../clickhouse/sync-fixtures";
import {
  assignTestPersonas,
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  MINUTE,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "../helpers";

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
const DEC = stage("decision");
const P = stage("purchase");

/**
 * Each case n lives in its own stretch of time, 40 days after case n − 1, with its own
 * customers (`n-name`): no case's events reach 31 days past its start, so no case sees
 * another's events. Periods are [base, base + 10 days) unless a case says otherwise.
 */
const base = (n: number) => n * 40 * DAY;
const period = (n: number, days = 10) => ({ from: date(base(n)), to: date(base(n) + days * DAY) });
const ev = (
  n: number,
  id: string,
  customer: string,
  tp: string,
  t: number,
  extra: Partial<FixtureEvent> = {},
): FixtureEvent => ({
  id: `${n}-${id}`,
  customer: `${n}-${customer}`,
  touchpoint: tp,
  t: base(n) + t,
  ...extra,
});
const purchase = { type: "purchase" } as const;

const FIXTURE: FixtureEvent[] = [
  // 1: `early` discovers before `from` only; `reentry` too, but discovers again inside.
  ev(1, "a", "early", "ads", -HOUR),
  ev(1, "b", "early", "website", HOUR),
  ev(1, "c", "reentry", "ads", -HOUR),
  ev(1, "d", "reentry", "ads", 4 * HOUR),
  ev(1, "e", "reentry", "website", 5 * HOUR),
  ev(1, "f", "inside", "ads", 2 * HOUR),
  ev(1, "g", "inside", "website", 3 * HOUR),
  // 2: a one-day period; `late` enters at 23 h and goes on after `to`, `after` enters after `to`.
  ev(2, "a", "late", "ads", 23 * HOUR),
  ev(2, "b", "late", "website", 25 * HOUR),
  ev(2, "c", "late", "checkout", 30 * HOUR, purchase),
  ev(2, "d", "after", "ads", 25 * HOUR),
  ev(2, "e", "after", "website", 26 * HOUR),
  // 3: W = 1 day: consideration exactly 1 day after discovery, and 1 day + 1 s after.
  ev(3, "a", "edge", "ads", 0),
  ev(3, "b", "edge", "website", DAY),
  ev(3, "c", "past", "ads", 0),
  ev(3, "d", "past", "website", DAY + 1),
  // 4: W = 1 day: the first entry never converts, the second one, five days later, does.
  ev(4, "a", "again", "ads", 0),
  ev(4, "b", "again", "ads", 5 * DAY),
  ev(4, "c", "again", "website", 5 * DAY + HOUR),
  // 5: equal timestamps, inserted in step order (`fwd`) and in reverse (`rev`, `rev3`).
  ev(5, "a", "fwd", "ads", HOUR),
  ev(5, "b", "fwd", "website", HOUR),
  ev(5, "c", "rev", "website", HOUR),
  ev(5, "d", "rev", "ads", HOUR),
  ev(5, "e", "rev3", "checkout", 2 * HOUR, purchase),
  ev(5, "f", "rev3", "website", 2 * HOUR),
  ev(5, "g", "rev3", "ads", 2 * HOUR),
  // 6: consideration before discovery does not count; `back-again` considers once more after.
  ev(6, "a", "backwards", "website", 0),
  ev(6, "b", "backwards", "ads", HOUR),
  ev(6, "c", "back-again", "website", 0),
  ev(6, "d", "back-again", "ads", HOUR),
  ev(6, "e", "back-again", "website", 2 * HOUR),
  // 7: event filters. `viaapp` considers in the app, `viaweb` on the website, `moved` on the
  // website but through the store channel (the event overrides its channel).
  ev(7, "a", "viaapp", "ads", 0),
  ev(7, "b", "viaapp", "app", HOUR),
  ev(7, "c", "viaweb", "ads", 0),
  ev(7, "d", "viaweb", "website", HOUR),
  ev(7, "e", "moved", "ads", 0),
  ev(7, "f", "moved", "website", HOUR, { channel: "store" }),
  // 8: persona filter: `young` (age 25), `member` (loyal), `nobody` (no persona).
  ev(8, "a", "young", "ads", 0),
  ev(8, "b", "young", "website", HOUR),
  ev(8, "c", "member", "ads", 0),
  ev(8, "d", "nobody", "ads", 0),
  ev(8, "e", "nobody", "website", HOUR),
  // 9: five customers reach consideration after 100, 200, 300, 400 and 1000 s.
  ...[100, 200, 300, 400, 1000].flatMap((s, i) => [
    ev(9, `a${i}`, `p${i}`, "ads", 0),
    ev(9, `b${i}`, `p${i}`, "website", s),
  ]),
  // 10: touchpoint steps with an event type: an abandoned checkout is not a purchase.
  ev(10, "a", "abandoned", "ads", 0),
  ev(10, "b", "abandoned", "checkout", HOUR, { type: "checkout" }),
  ev(10, "c", "bought", "ads", 0),
  ev(10, "d", "bought", "checkout", HOUR, purchase),
  // 11: one in-store purchase matches "purchase stage" and "touchpoint till" at once.
  ev(11, "a", "till", "till", HOUR, purchase),
  // 12: two entries, 0 and 100 s, then consideration at 1000 s.
  ev(12, "a", "fast", "ads", 0),
  ev(12, "b", "fast", "ads", 100),
  ev(12, "c", "fast", "website", 1000),
  // 13: an entry exactly at `to` (10 days) and one a second before it.
  ev(13, "a", "at-to", "ads", 10 * DAY),
  ev(13, "b", "at-to", "website", 10 * DAY + 1),
  ev(13, "c", "in", "ads", 10 * DAY - 1),
  // 14: consideration after 10, 20, 30, 40 s; q0 and q1 buy after 1 h and 3 h.
  ...[10, 20, 30, 40].flatMap((s, i) => [
    ev(14, `a${i}`, `q${i}`, "ads", 0),
    ev(14, `b${i}`, `q${i}`, "website", s),
  ]),
  ev(14, "c0", "q0", "checkout", HOUR, purchase),
  ev(14, "c1", "q1", "checkout", 3 * HOUR, purchase),
  // 15: W = 1 day bounds the whole chain: purchase at exactly 1 day, and at 1 day + 1 s.
  ev(15, "a", "whole", "ads", 0),
  ev(15, "b", "whole", "website", 12 * HOUR),
  ev(15, "c", "whole", "checkout", DAY, purchase),
  ev(15, "d", "over", "ads", 0),
  ev(15, "e", "over", "website", 12 * HOUR),
  ev(15, "f", "over", "checkout", DAY + 1, purchase),
  // 16: W = 1000 s. From the entry at 0, consideration takes 100 s but the purchase at 1400 s
  // is too late; from the entry at 500 s, consideration at 600 s and the purchase 900 s after.
  ev(16, "a", "two", "ads", 0),
  ev(16, "b", "two", "website", 100),
  ev(16, "c", "two", "ads", 500),
  ev(16, "d", "two", "website", 600),
  ev(16, "e", "two", "checkout", 1400, purchase),
  // 17: seven customers through discovery → consideration → decision → purchase.
  ev(17, "a", "k1", "ads", 0),
  ev(17, "b", "k2", "ads", 0),
  ev(17, "c", "k3", "ads", 0),
  ev(17, "d", "k3", "website", HOUR),
  ev(17, "e", "k4", "ads", 0),
  ev(17, "f", "k4", "website", HOUR),
  ev(17, "g", "k4", "store", 2 * HOUR),
  ev(17, "h", "k4", "till", 3 * HOUR, purchase),
  ev(17, "i", "k5", "ads", 0),
  ev(17, "j", "k5", "app", HOUR),
  ev(17, "k", "k5", "store", 2 * HOUR),
  ev(17, "l", "k5", "checkout", 4 * HOUR, purchase),
  ev(17, "m", "k6", "ads", 0),
  ev(17, "n", "k6", "website", HOUR),
  ev(17, "o", "k6", "store", 2 * HOUR),
  // k7 skips consideration: reaching decision and purchase does not make up for it.
  ev(17, "p", "k7", "ads", 0),
  ev(17, "q", "k7", "store", HOUR),
  ev(17, "r", "k7", "till", 2 * HOUR, purchase),
  // 18: the default W is 30 days: consideration after exactly 30 days, and 30 days + 1 s.
  ev(18, "a", "month", "ads", 0),
  ev(18, "b", "month", "website", 30 * DAY),
  ev(18, "c", "month-past", "ads", 0),
  ev(18, "d", "month-past", "website", 30 * DAY + 1),
  // 19: a website event that names its own stage (decision) is a decision step, not consideration.
  ev(19, "a", "named", "ads", 0),
  ev(19, "b", "named", "website", HOUR, { stage: "decision" }),
  // 20: W = 1 day, below the second: 1 day + 1 ms is too late; a quarter second is 0.25 s.
  ev(20, "a", "ms", "ads", 0),
  ev(20, "b", "ms", "website", DAY + 0.001),
  ev(20, "c", "quarter", "ads", 0),
  ev(20, "d", "quarter", "website", 0.25),
];

const counts = (r: FunnelResult) => r.steps.map((s) => s.customers);
const medians = (r: FunnelResult) => r.steps.map((s) => s.medianSecondsToStep);

/**
 * PostgreSQL on each target; ClickHouse (synced from PGlite) too when a server answers, with
 * the same hand-computed expectations.
 */
const ENGINES = [
  ...TEST_TARGETS.map((target) => ({ target, clickhouse: false, name: target })),
  ...(CLICKHOUSE_UP ? [{ target: "pglite" as const, clickhouse: true, name: "ClickHouse" }] : []),
];

describe.each(ENGINES)("getFunnel on $name", ({ target, clickhouse }) => {
  let t: TestDatabase;
  let ch: TestClickHouse | undefined;
  let catalogue: Catalogue;
  const funnel = (
    n: number,
    steps: TFunnelStep[],
    extra: {
      windowSeconds?: number;
      days?: number;
      channels?: string[];
      touchpoints?: string[];
      personas?: string[];
    } = {},
  ) => {
    const { windowSeconds, days, ...filters } = extra;
    const params = {
      filter: { ...period(n, days), ...filters },
      steps,
      ...(windowSeconds === undefined ? {} : { windowSeconds }),
    };
    return ch ? getFunnelOnClickHouse(ch, { ...params, catalogue }) : getFunnel(t.db, params);
  };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, { "8-young": { age: 25 }, "8-member": { member: true } });
    catalogue = await getCatalogue(t.db);
    if (clickhouse) {
      ch = await openTestClickHouse();
      await syncFully(t.db, ch);
    }
  });
  afterAll(async () => {
    await ch?.cleanup();
    await t.cleanup();
  });

  describe("the period governs entry only", () => {
    it("an S1 event before `from` is no entry: early out, reentry (from 4 h) and inside in → [2, 2], 1 h each", async () => {
      const r = await funnel(1, [D, C]);
      expect(counts(r)).toEqual([2, 2]);
      expect(medians(r)).toEqual([0, HOUR]);
    });

    it("later steps may fall after `to` (within W): late → [1, 1, 1] at 0, 25−23 = 2 h, 30−23 = 7 h; `after` enters after `to`", async () => {
      const r = await funnel(2, [D, C, P], { days: 1 });
      expect(counts(r)).toEqual([1, 1, 1]);
      expect(medians(r)).toEqual([0, 2 * HOUR, 7 * HOUR]);
    });

    it("the period is half-open: an entry at `to` is out, one at `to` − 1 s is in → [1, 0]", async () => {
      expect(counts(await funnel(13, [D, C]))).toEqual([1, 0]);
    });

    it("an empty period gives [0, 0] with null ratios and times, drop-off 0", async () => {
      const r = await funnel(50, [D, C]);
      expect(
        r.steps.map((s) => [
          s.customers,
          s.conversionFromPrevious,
          s.conversionOverall,
          s.dropOff,
          s.medianSecondsToStep,
          s.p90SecondsToStep,
        ]),
      ).toEqual([
        [0, null, null, 0, null, null],
        [0, null, null, 0, null, null],
      ]);
    });
  });

  describe("the conversion window W", () => {
    it("W = 86400 s: t = W counts, t = W + 1 s does not → [2, 1]: from previous 1 / 2 = 0.5, drop-off 2 − 1 = 1", async () => {
      const r = await funnel(3, [D, C], { windowSeconds: DAY });
      expect(counts(r)).toEqual([2, 1]);
      expect(r.windowSeconds).toBe(DAY);
      expect(r.steps[1]).toMatchObject({
        conversionFromPrevious: 0.5,
        conversionOverall: 0.5,
        dropOff: 1,
        medianSecondsToStep: DAY,
        p90SecondsToStep: DAY,
      });
    });

    it("W = 172800 s takes in the 86401 s chain too → [2, 2]", async () => {
      expect(counts(await funnel(3, [D, C], { windowSeconds: 2 * DAY }))).toEqual([2, 2]);
    });

    it("the default W is 30 days = 2592000 s: 30 d counts, 30 d + 1 s does not → [2, 1]", async () => {
      const r = await funnel(18, [D, C]);
      expect(r.windowSeconds).toBe(30 * DAY);
      expect(counts(r)).toEqual([2, 1]);
      expect(r.steps[1]?.medianSecondsToStep).toBe(30 * DAY);
    });

    it("W is exact below the second: 86400.001 s is past W = 86400 s → [2, 1], 0.25 s to step 2", async () => {
      const r = await funnel(20, [D, C], { windowSeconds: DAY });
      expect(counts(r)).toEqual([2, 1]);
      expect(medians(r)).toEqual([0, 0.25]);
    });

    it("W bounds the whole chain, not each gap: 0 → 12 h → 24 h reaches 3, 0 → 12 h → 24 h + 1 s stops at 2 → [2, 2, 1]", async () => {
      const r = await funnel(15, [D, C, P], { windowSeconds: DAY });
      expect(counts(r)).toEqual([2, 2, 1]);
      expect(medians(r)).toEqual([0, 12 * HOUR, DAY]);
    });

    it("a later entry converts where an earlier one did not: [1, 1], 1 h from the entry at 5 d", async () => {
      const r = await funnel(4, [D, C], { windowSeconds: DAY });
      expect(counts(r)).toEqual([1, 1]);
      expect(medians(r)).toEqual([0, HOUR]);
    });

    it("time to each step is the fastest valid chain: 1000 − 100 = 900 s from the later of two entries", async () => {
      expect(medians(await funnel(12, [D, C]))).toEqual([0, 900]);
    });

    it("each step takes its own fastest chain: step 2 in 100 − 0 = 100 s, step 3 in 1400 − 500 = 900 s (W = 1000 s)", async () => {
      const r = await funnel(16, [D, C, P], { windowSeconds: 1000 });
      expect(counts(r)).toEqual([1, 1, 1]);
      expect(medians(r)).toEqual([0, 100, 900]);
    });
  });

  describe("order and ties", () => {
    it("equal timestamps chain whatever the insertion order: fwd, rev, rev3 → [3, 3, 1], 0 s to every step", async () => {
      const r = await funnel(5, [D, C, P]);
      expect(counts(r)).toEqual([3, 3, 1]);
      expect(medians(r)).toEqual([0, 0, 0]);
      expect(r.steps.map((s) => s.p90SecondsToStep)).toEqual([0, 0, 0]);
    });

    it("steps out of order do not count: consideration at 0, discovery at 1 h → backwards stops at 1; back-again considers at 2 h → [2, 1]", async () => {
      const r = await funnel(6, [D, C]);
      expect(counts(r)).toEqual([2, 1]);
      expect(medians(r)).toEqual([0, HOUR]);
    });

    it("one event matching consecutive steps serves both: the till purchase gives [1, 1] for purchase → touchpoint:till and back", async () => {
      expect(counts(await funnel(11, [P, touchpoint("till")]))).toEqual([1, 1]);
      expect(counts(await funnel(11, [touchpoint("till"), stage("purchase", "purchase")]))).toEqual(
        [1, 1],
      );
      expect(counts(await funnel(11, [P, P]))).toEqual([1, 1]);
    });

    it("but it cannot stand in for a step it does not match: purchase → discovery → purchase is [1, 0, 0]", async () => {
      expect(counts(await funnel(11, [P, D, P]))).toEqual([1, 0, 0]);
    });
  });

  describe("filters", () => {
    it("no filter: viaapp, viaweb, moved → [3, 3]", async () => {
      expect(counts(await funnel(7, [D, C]))).toEqual([3, 3]);
    });

    it("channel web drops the app event and moved's store-channel website event → [3, 1]", async () => {
      expect(counts(await funnel(7, [D, C], { channels: ["web"] }))).toEqual([3, 1]);
    });

    it("channels web + store keep moved's event → [3, 2]; channel app drops every entry → [0, 0]", async () => {
      expect(counts(await funnel(7, [D, C], { channels: ["web", "store"] }))).toEqual([3, 2]);
      expect(counts(await funnel(7, [D, C], { channels: ["app"] }))).toEqual([0, 0]);
    });

    it("touchpoints ads + app keep viaapp's chain only → [3, 1]; website + app drop every entry → [0, 0]", async () => {
      expect(counts(await funnel(7, [D, C], { touchpoints: ["ads", "app"] }))).toEqual([3, 1]);
      expect(counts(await funnel(7, [D, C], { touchpoints: ["website", "app"] }))).toEqual([0, 0]);
    });

    it("personas keep or drop customers: all [3, 2]; young [1, 1]; loyal [1, 0]; unassigned [1, 1]; young + loyal [2, 1]; loyal + unassigned [2, 1]", async () => {
      const only = async (personas: string[]) => counts(await funnel(8, [D, C], { personas }));
      expect(counts(await funnel(8, [D, C]))).toEqual([3, 2]);
      expect(await only(["young"])).toEqual([1, 1]);
      expect(await only(["loyal"])).toEqual([1, 0]);
      expect(await only(["unassigned"])).toEqual([1, 1]);
      expect(await only(["young", "loyal"])).toEqual([2, 1]);
      expect(await only(["loyal", "unassigned"])).toEqual([2, 1]);
    });

    it("an unknown persona or channel in the filter is an UnknownKeyError", async () => {
      await expect(funnel(8, [D, C], { personas: ["ghost"] })).rejects.toThrow(
        "unknown persona: ghost",
      );
      await expect(funnel(8, [D, C], { channels: ["fax"] })).rejects.toThrow(UnknownKeyError);
    });
  });

  describe("time to step: continuous percentiles", () => {
    it("100, 200, 300, 400, 1000 s: median at 0.5 × 4 = 2 → 300, p90 at 0.9 × 4 = 3.6 → 400 + 0.6 × 600 = 760", async () => {
      const r = await funnel(9, [D, C]);
      expect(counts(r)).toEqual([5, 5]);
      expect(r.steps[1]?.medianSecondsToStep).toBe(300);
      expect(r.steps[1]?.p90SecondsToStep).toBeCloseTo(760, 9);
    });

    it("10, 20, 30, 40 s: median at 1.5 → 25, p90 at 2.7 → 30 + 0.7 × 10 = 37", async () => {
      const r = await funnel(14, [D, C, P]);
      expect(counts(r)).toEqual([4, 4, 2]);
      expect(r.steps[1]?.medianSecondsToStep).toBe(25);
      expect(r.steps[1]?.p90SecondsToStep).toBeCloseTo(37, 9);
    });

    it("3600, 10800 s to purchase: median 7200, p90 3600 + 0.9 × 7200 = 10080; step 1 is always 0", async () => {
      const r = await funnel(14, [D, C, P]);
      expect(r.steps[0]).toMatchObject({ medianSecondsToStep: 0, p90SecondsToStep: 0 });
      expect(r.steps[2]?.medianSecondsToStep).toBe(7200);
      expect(r.steps[2]?.p90SecondsToStep).toBeCloseTo(10_080, 9);
    });
  });

  describe("steps", () => {
    it("touchpoint steps with a type: ads → checkout@purchase is [2, 1]; the abandoned checkout does not count", async () => {
      const r = await funnel(10, [touchpoint("ads"), touchpoint("checkout", "purchase")]);
      expect(counts(r)).toEqual([2, 1]);
      expect(r.steps.map((s) => s.key)).toEqual(["touchpoint:ads", "touchpoint:checkout@purchase"]);
    });

    it("stage steps with a type: purchase@checkout is [2, 1], purchase without a type [2, 2]", async () => {
      const r = await funnel(10, [touchpoint("ads"), stage("purchase", "checkout")]);
      expect(counts(r)).toEqual([2, 1]);
      expect(r.steps[1]?.key).toBe("purchase@checkout");
      expect(counts(await funnel(10, [touchpoint("ads"), P]))).toEqual([2, 2]);
    });

    it("a stage step matches the event's own stage: website named decision → discovery → decision [1, 1], → consideration [1, 0]", async () => {
      expect(counts(await funnel(19, [D, DEC]))).toEqual([1, 1]);
      expect(counts(await funnel(19, [D, C]))).toEqual([1, 0]);
      expect(counts(await funnel(19, [D, touchpoint("website")]))).toEqual([1, 1]);
    });

    it("a funnel has 2 to 10 steps: 1 or 11 is a RangeError", async () => {
      await expect(funnel(1, [D])).rejects.toThrow(RangeError);
      await expect(
        funnel(
          1,
          Array.from({ length: 11 }, () => D),
        ),
      ).rejects.toThrow(RangeError);
      expect(
        counts(
          await funnel(
            1,
            Array.from({ length: 10 }, () => D),
          ),
        ),
      ).toEqual(Array.from({ length: 10 }, () => 2));
    });

    it("an unknown step key is an UnknownKeyError naming it", async () => {
      await expect(funnel(1, [D, stage("nirvana")])).rejects.toThrow(UnknownKeyError);
      await expect(funnel(1, [D, stage("nirvana")])).rejects.toThrow("unknown stage: nirvana");
      await expect(funnel(1, [D, touchpoint("fax")])).rejects.toThrow("unknown touchpoint: fax");
    });
  });

  describe("conversion arithmetic", () => {
    it("counts [7, 4, 3, 2] (k7 skips consideration): from previous –, 4/7, 3/4, 2/3; overall 1, 4/7, 3/7, 2/7; drop-off 0, 3, 1, 1", async () => {
      const r = await funnel(17, [D, C, DEC, P]);
      expect(counts(r)).toEqual([7, 4, 3, 2]);
      const fromPrevious = r.steps.map((s) => s.conversionFromPrevious);
      expect(fromPrevious[0]).toBeNull();
      expect(fromPrevious[1]).toBeCloseTo(4 / 7, 12);
      expect(fromPrevious[2]).toBeCloseTo(3 / 4, 12);
      expect(fromPrevious[3]).toBeCloseTo(2 / 3, 12);
      const overall = r.steps.map((s) => s.conversionOverall);
      expect(overall[0]).toBe(1);
      expect(overall[1]).toBeCloseTo(4 / 7, 12);
      expect(overall[2]).toBeCloseTo(3 / 7, 12);
      expect(overall[3]).toBeCloseTo(2 / 7, 12);
      expect(r.steps.map((s) => s.dropOff)).toEqual([0, 3, 1, 1]);
    });

    it("times in the same funnel: consideration 1 h × 4; decision 2 h × 3; purchase 3 h and 4 h → median 3.5 h, p90 3 h + 0.9 h", async () => {
      const r = await funnel(17, [D, C, DEC, P]);
      expect(medians(r)).toEqual([0, HOUR, 2 * HOUR, 3.5 * HOUR]);
      expect(r.steps[3]?.p90SecondsToStep).toBeCloseTo(3 * HOUR + 54 * MINUTE, 9);
    });
  });
});
