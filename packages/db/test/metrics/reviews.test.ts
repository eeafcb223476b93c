import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clickhouseEngine,
  type Metrics,
  postgresEngine,
  type ViewJourneyOptions,
} from "../../src/metrics/engine";
import { CLI_ACTOR } from "../../src/queries/audit";
import { setStageMetrics } from "../../src/queries/catalogue-stages";
import { createUser } from "../../src/queries/users";
import {
  addAnnotation,
  createView,
  listAnnotations,
  type SavedView,
  type ViewUser,
} from "../../src/queries/views";
import { compareReviews, reviveChanges } from "../../src/reviews/changes";
import { reviveSnapshot, takeReviewSnapshot } from "../../src/reviews/snapshot";
import type {
  ReviewSnapshot,
  StoredReviewChanges,
  StoredReviewSnapshot,
} from "../../src/reviews/types";
import { annotations } from "../../src/schema";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  MINUTE,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

/*
 * Two reviews of one view (docs/metrics.md, "Reviews"), by hand. The view's period is the last
 * 10 days, W = 2 days. The first review is taken at 9 d + 1 h, the second at 9 d + 20 h: both
 * cover [T0, T0 + 10 d). Between them, events arrive (all on day 9) and comments are written.
 */

let seq = 0;
/** `count` events of one customer at one touchpoint, a minute apart from `t`. */
const events = (
  customer: string,
  touchpoint: string,
  t: number,
  count = 1,
  extra: Partial<FixtureEvent> = {},
): FixtureEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `r${++seq}`,
    customer,
    touchpoint,
    t: t + i * MINUTE,
    type: "view",
    ...extra,
  }));

/**
 * Before the first review:
 * - a: ads, then website ×10 rated 2, then checkout ×10 purchases rated 4;
 * - b: ads, then store ×10 rated 2;
 * - c: ads only.
 */
const FIRST: FixtureEvent[] = [
  ...events("a", "ads", 1 * HOUR),
  ...events("a", "website", 2 * HOUR, 10, { satisfaction: 2 }),
  ...events("a", "checkout", 3 * HOUR, 10, { type: "purchase", satisfaction: 4 }),
  ...events("b", "ads", 5 * HOUR),
  ...events("b", "store", 6 * HOUR, 10, { satisfaction: 2 }),
  ...events("c", "ads", 8 * HOUR),
];

/**
 * Between the reviews (day 9, after the first review's 1 h):
 * - d: ads, then website ×10 rated 5;
 * - e: ads only;
 * - f: checkout ×10 purchases rated 2;
 * - g: app ×10 rated 1.
 */
const SECOND: FixtureEvent[] = [
  ...events("d", "ads", 9 * DAY + 2 * HOUR),
  ...events("d", "website", 9 * DAY + 3 * HOUR, 10, { satisfaction: 5 }),
  ...events("e", "ads", 9 * DAY + 4 * HOUR),
  ...events("f", "checkout", 9 * DAY + 5 * HOUR, 10, { type: "purchase", satisfaction: 2 }),
  ...events("g", "app", 9 * DAY + 6 * HOUR, 10, { satisfaction: 1 }),
];

const FIRST_AT = date(9 * DAY + 1 * HOUR);
const SECOND_AT = date(9 * DAY + 20 * HOUR);

const painKeys = (points: { kind: string; stage: string; touchpoint: string }[]) =>
  points.map((p) => `${p.kind} ${p.stage} ${p.touchpoint}`).sort();

/**
 * Takes a snapshot through `metrics` while recording what it asks getViewJourney for; and reads
 * the journey as the page does, conversion over time included.
 */
async function readsOf(metrics: Metrics, view: SavedView, now: Date) {
  const asked: (ViewJourneyOptions | undefined)[] = [];
  const overTime: unknown[] = [];
  const spy: Metrics = {
    ...metrics,
    getViewJourney: async (v, options) => {
      asked.push(options);
      const journey = await metrics.getViewJourney(v, options);
      overTime.push(journey.overTime);
      return journey;
    },
  };
  await takeReviewSnapshot(spy, view, { now });
  const page = await metrics.getViewJourney(view, { now });
  return { asked, overTime, pageOverTime: page.overTime };
}

/** As JSON keeps it in `reviews` (dates become strings), then revived. */
const throughJson = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

describe.each(METRIC_ENGINES)("reviews: snapshots and what moved, on $name", (engine) => {
  let t: TestDatabase;
  let view: SavedView;
  let first: ReviewSnapshot;
  let second: ReviewSnapshot;
  const on = onEngine(engine, () => t);
  const snapshot = on.metric(
    (db, p: { view: SavedView; now: Date }) =>
      takeReviewSnapshot(postgresEngine().on(db), p.view, { now: p.now }),
    (client, p) => takeReviewSnapshot(clickhouseEngine(client).on(t.db), p.view, { now: p.now }),
  );
  /** The options a snapshot reads the view's journey with, and the journey's over-time part. */
  const snapshotReads = on.metric(
    (db, p: { now: Date }) => readsOf(postgresEngine().on(db), view, p.now),
    (client, p) => readsOf(clickhouseEngine(client).on(t.db), view, p.now),
  );
  const at = async (id: number, createdAt: Date, resolvedAt: Date | null = null) => {
    await t.db.update(annotations).set({ createdAt, resolvedAt }).where(eq(annotations.id, id));
  };
  const compare = async (satisfactionDrop: number | null) =>
    compareReviews({
      previous: { reviewId: 1, dueAt: date(9 * DAY), snapshot: first },
      current: second,
      annotations: await listAnnotations(t.db, view.id),
      satisfactionDrop,
    });

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await setStageMetrics(t.db, CLI_ACTOR, {
      stage: "discovery",
      metrics: [
        {
          key: "visits",
          name: "Visits",
          kind: "events",
          of: { touchpoints: ["ads"], types: ["view"] },
          target: { op: "gte", value: 4 },
        },
        // No target: not a change the review lists.
        {
          key: "reached",
          name: "Reached",
          kind: "customers",
          of: { touchpoints: ["ads"], types: [] },
          target: null,
        },
      ],
    });
    await setStageMetrics(t.db, CLI_ACTOR, {
      stage: "purchase",
      metrics: [
        {
          key: "buyers",
          name: "Buyers",
          kind: "customers",
          of: { touchpoints: [], types: ["purchase"] },
          target: { op: "gte", value: 1 },
        },
      ],
    });
    const row = await createUser(t.db, CLI_ACTOR, {
      email: "manager@example.com",
      name: "Manon",
      role: "manager",
      passwordHash: "not-a-real-hash",
    });
    const user: ViewUser = { id: row.id, email: row.email, role: "manager" };
    view = await createView(t.db, user, {
      name: "Launch",
      description: "",
      visibility: "team",
      period: { kind: "relative", days: 10 },
      filters: { personas: [], channels: [] },
      steps: [],
      windowSeconds: 2 * DAY,
    });
    await insertEvents(t.db, FIRST);
    // Comments before the first review: an open thread, and a thread already resolved.
    const open = await addAnnotation(t.db, user, view.id, {
      target: { kind: "view" },
      body: "Why so few visits?",
      kind: "comment",
    });
    await at(open.id, date(9 * DAY + 30 * MINUTE));
    const closed = await addAnnotation(t.db, user, view.id, {
      target: { kind: "stage", stage: "decision" },
      body: "Store staff briefed",
      kind: "comment",
    });
    await at(closed.id, date(9 * DAY + 10 * MINUTE), date(9 * DAY + 20 * MINUTE));
    first = await snapshot(t.db, { view, now: FIRST_AT });

    await insertEvents(t.db, SECOND);
    await on.sync();
    // Between the reviews: a reply to the open thread, an opportunity, the open thread resolved.
    const reply = await addAnnotation(t.db, user, view.id, {
      target: { kind: "view" },
      body: "The campaign started late",
      kind: "comment",
      parentId: open.id,
    });
    await at(reply.id, date(9 * DAY + 2 * HOUR));
    const idea = await addAnnotation(t.db, user, view.id, {
      target: { kind: "cell", stage: "purchase", touchpoint: "checkout" },
      body: "Shorter checkout",
      kind: "opportunity",
    });
    await at(idea.id, date(9 * DAY + 3 * HOUR));
    await at(open.id, date(9 * DAY + 30 * MINUTE), date(9 * DAY + 4 * HOUR));
    second = await snapshot(t.db, { view, now: SECOND_AT });
    // After the second review: not one of its comments.
    const late = await addAnnotation(t.db, user, view.id, {
      target: { kind: "view" },
      body: "Written after the review",
      kind: "comment",
    });
    await at(late.id, date(9 * DAY + 21 * HOUR));
  });
  afterAll(() => t.cleanup());

  it("a snapshot keeps the view, its period as of the review and its comment threads", () => {
    // Last 10 days as of day 9: [T0, T0 + 10 d) for both reviews.
    expect(first.period).toEqual({ from: date(0), to: date(10 * DAY) });
    expect(second.period).toEqual({ from: date(0), to: date(10 * DAY) });
    expect(first.takenAt).toEqual(FIRST_AT);
    expect(first.view).toEqual({
      id: view.id,
      name: "Launch",
      description: "",
      period: { kind: "relative", days: 10 },
      filters: { personas: [], channels: [] },
      windowSeconds: 2 * DAY,
    });
    // First: 2 threads (the open one, the resolved one), 1 open, no opportunity.
    expect(first.comments).toEqual({ total: 2, open: 1, opportunities: 0 });
    // Second: + the opportunity (open); the first thread is resolved; the reply is no thread.
    expect(second.comments).toEqual({ total: 3, open: 1, opportunities: 1 });
    // Stage names and goals are frozen with the figures.
    expect(first.map.stages.map((s) => [s.key, s.name])).toEqual([
      ["discovery", "Discovery"],
      ["consideration", "Consideration"],
      ["decision", "Decision"],
      ["purchase", "Purchase"],
      ["after_sales", "After-sales"],
      ["loyalty", "Loyalty"],
    ]);
  });

  it("a snapshot reads the view's journey without its conversion over time, which it does not keep", async () => {
    const reads = await snapshotReads(t.db, { now: SECOND_AT });
    expect(reads.asked).toEqual([{ now: SECOND_AT, overTime: false }]);
    expect(reads.overTime).toEqual([null]);
    // Asked for, the page's conversion over time is there: 10 days in daily buckets.
    expect(reads.pageOverTime?.buckets).toHaveLength(10);
  });

  it("a snapshot comes back from JSON as it was, dates included", () => {
    const revived = reviveSnapshot(throughJson(second) as StoredReviewSnapshot);
    expect(revived).toEqual(second);
    expect(revived.map.from).toBeInstanceOf(Date);
    expect(revived.stageMetrics.to).toBeInstanceOf(Date);
  });

  it("stages: customers, conversion to the next stage and mean satisfaction, then and now", async () => {
    const changes = await compare(null);
    expect(changes.previous).toEqual({
      reviewId: 1,
      dueAt: date(9 * DAY),
      period: { from: date(0), to: date(10 * DAY) },
    });
    const byStage = Object.fromEntries(changes.stages.map((s) => [s.stage, s]));
    // Discovery: a, b, c then + d, e = 5; reached consideration within W: a then a, d.
    expect(byStage.discovery?.customers).toEqual({ before: 3, after: 5, change: 2 });
    expect(byStage.discovery?.conversionToNext.before).toBeCloseTo(1 / 3, 12);
    expect(byStage.discovery?.conversionToNext.after).toBeCloseTo(2 / 5, 12);
    expect(byStage.discovery?.conversionToNext.change).toBeCloseTo(2 / 5 - 1 / 3, 12);
    expect(byStage.discovery?.satisfaction).toEqual({ before: null, after: null, change: null });
    // Consideration: a then a, d, g; nobody reaches decision. Ratings: 10 × 2, then
    // + 10 × 5 (d) + 10 × 1 (g): (20 + 50 + 10) / 30 = 8/3.
    expect(byStage.consideration?.customers).toEqual({ before: 1, after: 3, change: 2 });
    expect(byStage.consideration?.conversionToNext).toEqual({ before: 0, after: 0, change: 0 });
    expect(byStage.consideration?.satisfaction.before).toBe(2);
    expect(byStage.consideration?.satisfaction.after).toBeCloseTo(8 / 3, 12);
    expect(byStage.consideration?.satisfaction.change).toBeCloseTo(2 / 3, 12);
    // Decision: b alone, rated 2 both times.
    expect(byStage.decision).toMatchObject({
      customers: { before: 1, after: 1, change: 0 },
      satisfaction: { before: 2, after: 2, change: 0 },
    });
    // Purchase: a then a, f; 10 × 4, then + 10 × 2: 60 / 20 = 3.
    expect(byStage.purchase).toMatchObject({
      customers: { before: 1, after: 2, change: 1 },
      conversionToNext: { before: 0, after: 0, change: 0 },
      satisfaction: { before: 4, after: 3, change: -1 },
    });
    // Loyalty, the last stage: no conversion to a next stage.
    expect(byStage.loyalty?.conversionToNext).toEqual({ before: null, after: null, change: null });
  });

  it("cells that moved, largest change first; unchanged cells are left out", async () => {
    const { cells } = await compare(null);
    expect(cells.map((c) => `${c.stage} ${c.touchpoint}`)).toEqual([
      // app: 0 → 1 customer (g): |1| / 1 = 1.
      "consideration app",
      // website: 1 → 2 customers: 1/2 = 0.5 (mean 2 → 3.5: 1.5 / 4 = 0.375; share 0 → 0).
      "consideration website",
      // checkout: 1 → 2: 0.5 (mean 4 → 3: 1/4), after website at equal size (stage order).
      "purchase checkout",
      // ads: 3 → 5: 2/5 = 0.4 (share 1/3 → 2/5: 0.067).
      "discovery ads",
    ]);
    const [app, website, checkout, ads] = cells;
    expect(app).toEqual({
      stage: "consideration",
      touchpoint: "app",
      customers: { before: 0, after: 1, change: 1 },
      satisfaction: { before: null, after: 1, change: null },
      nextStageShare: { before: null, after: 0, change: null },
    });
    expect(website).toMatchObject({
      customers: { before: 1, after: 2, change: 1 },
      satisfaction: { before: 2, after: 3.5, change: 1.5 },
      nextStageShare: { before: 0, after: 0, change: 0 },
    });
    expect(checkout).toMatchObject({
      customers: { before: 1, after: 2, change: 1 },
      satisfaction: { before: 4, after: 3, change: -1 },
    });
    expect(ads?.customers).toEqual({ before: 3, after: 5, change: 2 });
    expect(ads?.nextStageShare.before).toBeCloseTo(1 / 3, 12);
    expect(ads?.nextStageShare.after).toBeCloseTo(2 / 5, 12);
  });

  it("stage metrics with a target, then and now; visits crossing 4 is an alert", async () => {
    const changes = await compare(null);
    // Visits: ads views a, b, c = 3 (missed ≥ 4), then + d, e = 5 (met). Buyers: a, then a, f
    // (met ≥ 1 both times). "Reached" has no target: not listed.
    expect(changes.stageMetrics).toEqual([
      {
        stage: "discovery",
        metric: "visits",
        name: "Visits",
        before: 3,
        after: 5,
        target: { op: "gte", value: 4 },
        statusBefore: "missed",
        statusAfter: "met",
      },
      {
        stage: "purchase",
        metric: "buyers",
        name: "Buyers",
        before: 1,
        after: 2,
        target: { op: "gte", value: 1 },
        statusBefore: "met",
        statusAfter: "met",
      },
    ]);
    expect(changes.alerts).toEqual([
      {
        kind: "target_crossed",
        stage: "discovery",
        metric: "visits",
        name: "Visits",
        value: 5,
        target: { op: "gte", value: 4 },
        now: "met",
      },
    ]);
  });

  it("a cell's satisfaction dropping by more than the threshold on ≥ 10 ratings both times", async () => {
    // Checkout: 4 on 10 ratings, then 3 on 20: a drop of 1 > 0.5.
    const { alerts } = await compare(0.5);
    expect(alerts.filter((a) => a.kind === "satisfaction_drop")).toEqual([
      {
        kind: "satisfaction_drop",
        stage: "purchase",
        touchpoint: "checkout",
        before: 4,
        after: 3,
        threshold: 0.5,
      },
    ]);
    // A drop of exactly 1 is not more than 1.
    expect((await compare(1)).alerts.map((a) => a.kind)).toEqual(["target_crossed"]);
  });

  it("pain points new, resolved and ongoing by kind, stage and touchpoint", async () => {
    const { painPoints } = await compare(null);
    // First: website (mean 2 on 10) and store (2 on 10). Second: website's mean is 3.5, no
    // longer below 3; store unchanged; app rated 1 on 10 is new.
    expect(painKeys(painPoints.new)).toEqual(["low_satisfaction consideration app"]);
    expect(painKeys(painPoints.resolved)).toEqual(["low_satisfaction consideration website"]);
    expect(painKeys(painPoints.ongoing)).toEqual(["low_satisfaction decision store"]);
    expect(painPoints.new[0]).toMatchObject({ mean: 1, n: 10 });
  });

  it("comments written and threads resolved between the reviews", async () => {
    const { comments } = await compare(null);
    // The reply (2 h) and the opportunity (3 h); not the comments from before the first
    // review, nor the one written after the second (21 h).
    expect(comments.added).toEqual([
      {
        id: expect.any(Number),
        kind: "comment",
        target: { kind: "view" },
        body: "The campaign started late",
        authorName: "Manon",
        createdAt: date(9 * DAY + 2 * HOUR),
      },
      {
        id: expect.any(Number),
        kind: "opportunity",
        target: { kind: "cell", stage: "purchase", touchpoint: "checkout" },
        body: "Shorter checkout",
        authorName: "Manon",
        createdAt: date(9 * DAY + 3 * HOUR),
      },
    ]);
    // The open thread, resolved at 4 h; the other was resolved before the first review.
    expect(comments.resolved).toBe(1);
  });

  it("the changes come back from JSON as they were", async () => {
    const changes = await compare(0.5);
    expect(reviveChanges(throughJson(changes) as StoredReviewChanges)).toEqual(changes);
  });

  it("a view's first review: figures without a before, no cells, no alerts, pain points ongoing", async () => {
    const changes = compareReviews({
      previous: null,
      current: first,
      annotations: await listAnnotations(t.db, view.id),
      satisfactionDrop: 0.5,
    });
    expect(changes.previous).toBeNull();
    expect(changes.stages[0]).toMatchObject({
      stage: "discovery",
      customers: { before: null, after: 3, change: null },
    });
    expect(changes.cells).toEqual([]);
    expect(changes.stageMetrics.map((m) => [m.metric, m.before, m.after, m.statusBefore])).toEqual([
      ["visits", null, 3, null],
      ["buyers", null, 1, null],
    ]);
    expect(changes.alerts).toEqual([]);
    expect(painKeys(changes.painPoints.ongoing)).toEqual([
      "low_satisfaction consideration website",
      "low_satisfaction decision store",
    ]);
    expect(changes.painPoints.new).toEqual([]);
    expect(changes.comments).toEqual({ added: [], resolved: 0 });
  });
});
