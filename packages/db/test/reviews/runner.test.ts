import { createHmac } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, type Database, type DatabaseHandle, queryRows } from "../../src/client";
import { postgresEngine } from "../../src/metrics/engine";
import { sendDueDeliveries } from "../../src/reviews/deliver";
import { type ReviewMailer, smtpMailer } from "../../src/reviews/email";
import type { CompareReviewsInput, RunReviewsDeps } from "../../src/reviews/runner";
import { runDueReviews } from "../../src/reviews/runner";
import type { ReviewChanges, ReviewSnapshot } from "../../src/reviews/types";
import { users } from "../../src/schema/auth";
import {
  reviewDeliveries,
  reviewSchedules,
  reviewSubscriptions,
  reviews,
  reviewWebhooks,
} from "../../src/schema/reviews";
import { savedViews } from "../../src/schema/views";
import { openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "../helpers";
import {
  SINK_ADDRESSES,
  type SmtpSink,
  startSmtpSink,
  startWebhookSink,
  type WebhookSink,
} from "./sinks";

/*
 * The review engine's durability (issue 18 item 3): a restart neither skips nor repeats a
 * review, two processes do not both take or send one, a process that dies holding a review
 * gives it up when its lease ends, a review missed while no server ran is made once and late,
 * webhooks are signed and retried, email reaches an SMTP server.
 */

/** Monday 12 January 2026, 09:00 in Paris (CET): the weekly schedule's first due time. */
const DUE_1 = new Date("2026-01-12T08:00:00Z");
const DUE_2 = new Date("2026-01-19T08:00:00Z");
const MIN = 60_000;
/** When the schedule was made: after Monday 5 January's due time. */
const SCHEDULE_MADE = new Date("2026-01-06T00:00:00Z");
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);
const SECRET = "whsec_test_secret_0123456789";

/** compareReviews's shape, recording what it was given (the figures' own is tested there). */
function recordingCompare(calls: CompareReviewsInput[]) {
  return (input: CompareReviewsInput): ReviewChanges => {
    calls.push(input);
    return {
      previous: input.previous
        ? {
            reviewId: input.previous.reviewId,
            dueAt: input.previous.dueAt,
            period: input.previous.snapshot.period,
          }
        : null,
      stages: [],
      cells: [],
      stageMetrics: [],
      painPoints: { new: [], resolved: [], ongoing: [] },
      comments: { added: [], resolved: 0 },
      alerts: [
        {
          kind: "satisfaction_drop",
          stage: "decision",
          touchpoint: "store",
          before: 4.5,
          after: 3,
          threshold: 1,
        },
      ],
    };
  };
}

interface Fixture {
  viewId: number;
  ownerId: number;
  viewerId: number;
  webhookId: number;
}

async function seed(db: Database, webhookUrl: string): Promise<Fixture> {
  await seedTestCatalogue(db);
  const [owner, viewer, gone] = await db
    .insert(users)
    .values([
      { email: "owner@example.com", name: "Owner", role: "manager", passwordHash: "h" },
      { email: "viewer@example.com", name: "Viewer", role: "viewer", passwordHash: "h" },
      {
        email: "gone@example.com",
        name: "Gone",
        role: "viewer",
        passwordHash: "h",
        disabledAt: new Date("2025-12-01T00:00:00Z"),
      },
    ])
    .returning({ id: users.id });
  if (!owner || !viewer || !gone) throw new Error("users not made");
  const [view] = await db
    .insert(savedViews)
    .values({
      name: "Weekly store journey",
      ownerId: owner.id,
      visibility: "team",
      period: { kind: "relative", days: 7 },
    })
    .returning({ id: savedViews.id });
  if (!view) throw new Error("view not made");
  await db.insert(reviewSchedules).values({
    viewId: view.id,
    cadence: "weekly",
    day: 1,
    hour: 9,
    timeZone: "Europe/Paris",
    satisfactionDrop: 1,
    createdById: owner.id,
    createdAt: SCHEDULE_MADE,
  });
  await db.insert(reviewSubscriptions).values([
    { viewId: view.id, userId: owner.id, email: false },
    { viewId: view.id, userId: viewer.id, email: true },
    // A disabled user receives nothing.
    { viewId: view.id, userId: gone.id, email: true },
  ]);
  const [hook] = await db
    .insert(reviewWebhooks)
    .values({ viewId: view.id, url: webhookUrl, secret: SECRET, createdById: owner.id })
    .returning({ id: reviewWebhooks.id });
  if (!hook) throw new Error("webhook not made");
  return { viewId: view.id, ownerId: owner.id, viewerId: viewer.id, webhookId: hook.id };
}

/** A mailer that keeps what it was asked to send. */
function recordingMailer(sent: { to: string; subject: string; text: string }[]): ReviewMailer {
  return {
    send: async (message) => {
      sent.push(message);
    },
    close: () => {},
  };
}

async function reviewRows(db: Database) {
  return db.select().from(reviews).orderBy(asc(reviews.dueAt), asc(reviews.id));
}

async function deliveryRows(db: Database) {
  return db
    .select()
    .from(reviewDeliveries)
    .orderBy(
      asc(reviewDeliveries.reviewId),
      asc(reviewDeliveries.channel),
      asc(reviewDeliveries.recipient),
    );
}

describe.each(TEST_TARGETS)("the review engine on %s", (target) => {
  let t: TestDatabase;
  let hook: WebhookSink;
  let fixture: Fixture;
  let calls: CompareReviewsInput[];
  let mail: { to: string; subject: string; text: string }[];

  const deps = (overrides: Partial<RunReviewsDeps> = {}, db: Database = t.db): RunReviewsDeps => ({
    db,
    metrics: postgresEngine().on(db),
    figures: { compare: recordingCompare(calls) },
    delivery: {
      appUrl: "https://parcours.example",
      mailer: recordingMailer(mail),
      webhookAllow: SINK_ADDRESSES,
    },
    ...overrides,
  });

  beforeAll(async () => {
    t = await openTestDatabase(target);
    hook = await startWebhookSink();
    fixture = await seed(t.db, hook.url);
  });
  afterAll(async () => {
    await hook.close();
    await t.cleanup();
  });
  // Each test starts with no review, the schedule and webhook as seeded, an empty sink.
  beforeEach(async () => {
    await t.db.delete(reviews);
    await t.db
      .update(reviewSchedules)
      .set({ createdAt: SCHEDULE_MADE, enabled: true })
      .where(eq(reviewSchedules.viewId, fixture.viewId));
    await t.db
      .update(reviewWebhooks)
      .set({ url: hook.url })
      .where(eq(reviewWebhooks.id, fixture.webhookId));
    hook.received.length = 0;
    hook.answers = [];
    calls = [];
    mail = [];
  });

  it("a restart neither skips nor repeats: one review per due time", async () => {
    expect((await runDueReviews(deps(), plus(DUE_1, -MIN))).created).toEqual([]);
    const first = await runDueReviews(deps(), plus(DUE_1, 30_000));
    expect(first.created).toHaveLength(1);
    expect(first.ready).toEqual([
      expect.objectContaining({
        viewId: fixture.viewId,
        late: false,
        manual: false,
        deliveries: 4,
      }),
    ]);
    // A new runner (the process restarted) a minute later: nothing more.
    const again = await runDueReviews(deps(), plus(DUE_1, MIN));
    expect(again.created).toEqual([]);
    expect(again.ready).toEqual([]);
    expect(await reviewRows(t.db)).toHaveLength(1);
    // After the next due time, exactly one more, compared with the first.
    const second = await runDueReviews(deps(), plus(DUE_2, 2 * MIN));
    expect(second.created).toHaveLength(1);
    await runDueReviews(deps(), plus(DUE_2, 3 * MIN));
    const rows = await reviewRows(t.db);
    expect(rows.map((r) => [r.dueAt.toISOString(), r.status, r.late])).toEqual([
      [DUE_1.toISOString(), "ready", false],
      [DUE_2.toISOString(), "ready", false],
    ]);
    expect(rows[1]?.previousReviewId).toBe(rows[0]?.id);
    expect(calls.map((c) => c.previous?.reviewId ?? null)).toEqual([null, rows[0]?.id]);
    expect(calls[1]?.satisfactionDrop).toBe(1);
    // The snapshot is the real one, stored as JSON, with the view's name.
    const snapshot = rows[0]?.snapshot as { view: { name: string }; takenAt: string } | null;
    expect(snapshot?.view.name).toBe("Weekly store journey");
    expect(snapshot?.takenAt).toBe(plus(DUE_1, 30_000).toISOString());
    // Each review: in the app to both subscribers, by email to the viewer, to the webhook.
    const deliveries = await deliveryRows(t.db);
    expect(deliveries.map((d) => [d.reviewId, d.channel, d.recipient, d.status])).toEqual(
      rows.flatMap((r) => [
        [r.id, "app", `user:${fixture.ownerId}`, "sent"],
        [r.id, "app", `user:${fixture.viewerId}`, "sent"],
        [r.id, "email", `user:${fixture.viewerId}`, "sent"],
        [r.id, "webhook", `webhook:${fixture.webhookId}`, "sent"],
      ]),
    );
    expect(hook.received).toHaveLength(2);
    expect(mail.map((m) => m.to)).toEqual(["viewer@example.com", "viewer@example.com"]);
  });

  it("a review missed while no server ran is made once, late, on start", async () => {
    // Down from before the first due time until after the second.
    const start = plus(DUE_2, 26 * 60 * MIN);
    const pass = await runDueReviews(deps(), start);
    expect(pass.created.map((c) => [c.dueAt.toISOString(), c.late])).toEqual([
      [DUE_2.toISOString(), true],
    ]);
    expect(pass.ready).toEqual([expect.objectContaining({ late: true })]);
    await runDueReviews(deps(), plus(start, MIN));
    const rows = await reviewRows(t.db);
    expect(rows.map((r) => [r.dueAt.toISOString(), r.late, r.status])).toEqual([
      [DUE_2.toISOString(), true, "ready"],
    ]);
    const payload = JSON.parse(hook.received[0]?.body ?? "{}") as { review: { late: boolean } };
    expect(payload.review.late).toBe(true);
  });

  it("due times before the schedule was made are never made; a disabled schedule makes none", async () => {
    await t.db
      .update(reviewSchedules)
      .set({ createdAt: plus(DUE_1, MIN) })
      .where(eq(reviewSchedules.viewId, fixture.viewId));
    expect((await runDueReviews(deps(), plus(DUE_1, 2 * MIN))).created).toEqual([]);
    await t.db
      .update(reviewSchedules)
      .set({ enabled: false })
      .where(eq(reviewSchedules.viewId, fixture.viewId));
    expect((await runDueReviews(deps(), plus(DUE_2, MIN))).created).toEqual([]);
    expect(await reviewRows(t.db)).toEqual([]);
  });

  it("a schedule whose time zone is unknown here is skipped; the others go on", async () => {
    const [other] = await t.db
      .insert(savedViews)
      .values({
        name: "Elsewhere",
        ownerId: fixture.ownerId,
        period: { kind: "relative", days: 7 },
      })
      .returning({ id: savedViews.id });
    const otherId = other?.id ?? 0;
    await t.db.insert(reviewSchedules).values({
      viewId: otherId,
      cadence: "weekly",
      day: 1,
      hour: 9,
      timeZone: "Mars/Olympus_Mons",
      createdById: fixture.ownerId,
      createdAt: SCHEDULE_MADE,
    });
    try {
      const pass = await runDueReviews(deps(), plus(DUE_1, MIN));
      expect(pass.skipped).toEqual([
        { viewId: otherId, error: expect.stringMatching(/Mars\/Olympus_Mons/) },
      ]);
      expect(pass.created.map((c) => c.viewId)).toEqual([fixture.viewId]);
    } finally {
      await t.db.delete(savedViews).where(eq(savedViews.id, otherId));
    }
  });

  it("a runner that dies holding a review gives it up when its lease ends", async () => {
    // The first runner claims the review and never finishes (a snapshot that never returns).
    let claimed = () => {};
    const claimedNow = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    void runDueReviews(
      deps({
        runnerId: "dead",
        figures: {
          compare: recordingCompare(calls),
          takeSnapshot: () => {
            claimed();
            return new Promise<ReviewSnapshot>(() => {});
          },
        },
      }),
      plus(DUE_1, MIN),
    );
    await claimedNow;
    const [held] = await reviewRows(t.db);
    expect([held?.status, held?.claimedBy, held?.attempts]).toEqual(["pending", "dead", 1]);
    // Within its lease nobody else takes it.
    const during = await runDueReviews(deps({ runnerId: "alive" }), plus(DUE_1, 4 * MIN));
    expect(during.ready).toEqual([]);
    // After it, the other does: one review, delivered once.
    const after = await runDueReviews(deps({ runnerId: "alive" }), plus(DUE_1, 7 * MIN));
    expect(after.ready).toHaveLength(1);
    await runDueReviews(deps({ runnerId: "alive" }), plus(DUE_1, 8 * MIN));
    const rows = await reviewRows(t.db);
    expect(rows.map((r) => [r.status, r.attempts, r.claimedBy])).toEqual([["ready", 2, null]]);
    expect(await deliveryRows(t.db)).toHaveLength(4);
    expect(hook.received).toHaveLength(1);
    expect(mail).toHaveLength(1);
  });

  it("a review that fails is retried after a backoff and failed after 5 attempts", async () => {
    const failing = deps({
      figures: {
        compare: recordingCompare(calls),
        takeSnapshot: async () => {
          throw new Error("the metrics timed out");
        },
      },
    });
    const first = await runDueReviews(failing, plus(DUE_1, MIN));
    expect(first.retried).toEqual([
      expect.objectContaining({ attempts: 1, error: "the metrics timed out" }),
    ]);
    // Backoff: not before a minute has passed.
    expect((await runDueReviews(failing, plus(DUE_1, MIN + 30_000))).retried).toEqual([]);
    let now = plus(DUE_1, MIN);
    for (const attempt of [2, 3, 4]) {
      now = plus(now, 3 * 60 * MIN);
      const pass = await runDueReviews(failing, now);
      expect(pass.retried.map((r) => r.attempts)).toEqual([attempt]);
    }
    now = plus(now, 3 * 60 * MIN);
    const last = await runDueReviews(failing, now);
    expect(last.failed).toEqual([
      expect.objectContaining({ attempts: 5, error: "the metrics timed out" }),
    ]);
    const [row] = await reviewRows(t.db);
    expect([row?.status, row?.attempts, row?.lastError]).toEqual([
      "failed",
      5,
      "the metrics timed out",
    ]);
    expect(await deliveryRows(t.db)).toEqual([]);
    // A failed review stays failed: the schedule's due time is not made again.
    expect((await runDueReviews(deps(), plus(now, 3 * 60 * MIN))).ready).toEqual([]);
  });

  it("with the figures' own snapshot and comparison: the second review compares with the first", async () => {
    const real = (): RunReviewsDeps => ({
      db: t.db,
      metrics: postgresEngine().on(t.db),
      delivery: { appUrl: "https://parcours.example", mailer: null, webhookAllow: SINK_ADDRESSES },
    });
    await runDueReviews(real(), plus(DUE_1, MIN));
    await runDueReviews(real(), plus(DUE_2, MIN));
    const [first, second] = await reviewRows(t.db);
    expect(first?.changes?.previous).toBeNull();
    expect(second?.changes?.previous?.reviewId).toBe(first?.id);
    // The test catalogue's six stages, each compared.
    expect(second?.changes?.stages.map((s) => s.stage)).toEqual([
      "discovery",
      "consideration",
      "decision",
      "purchase",
      "after_sales",
      "loyalty",
    ]);
    const posted = JSON.parse(hook.received[1]?.body ?? "{}") as {
      changes: { previous: { reviewId: number } };
    };
    expect(posted.changes.previous.reviewId).toBe(first?.id);
  });

  it("a review asked for by hand is taken on the next pass, without the schedule", async () => {
    const asked = new Date("2026-01-14T15:00:00Z");
    await t.db.insert(reviews).values({ viewId: fixture.viewId, dueAt: asked, manual: true });
    const pass = await runDueReviews(deps(), plus(asked, 5_000), { schedules: false });
    expect(pass.created).toEqual([]);
    expect(pass.ready).toEqual([
      expect.objectContaining({ manual: true, late: false, deliveries: 4 }),
    ]);
    const payload = JSON.parse(hook.received[0]?.body ?? "{}") as { review: { manual: boolean } };
    expect(payload.review.manual).toBe(true);
  });

  it("webhook: signed JSON, a 500 is retried after a minute, then sent; one delivery row", async () => {
    hook.answers = [500];
    const now = plus(DUE_1, MIN);
    const first = await runDueReviews(deps(), now);
    expect(first.deliveries).toMatchObject({ sent: 1, retried: 1, failed: 0 });
    expect(first.deliveries.errors[0]?.error).toMatch(/answered 500/);
    const [post] = hook.received;
    if (!post) throw new Error("no POST");
    // The signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>"> under the webhook's secret.
    const signature = String(post.headers["parcours-signature"]);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
    expect(match?.[1]).toBe(String(Math.floor(now.getTime() / 1000)));
    const expected = createHmac("sha256", SECRET)
      .update(`${match?.[1]}.${post.body}`)
      .digest("hex");
    expect(match?.[2]).toBe(expected);
    expect(post.headers["content-type"]).toBe("application/json");
    const [row] = await reviewRows(t.db);
    const webhookRow = (await deliveryRows(t.db)).find((d) => d.channel === "webhook");
    expect(post.headers["parcours-delivery"]).toBe(String(webhookRow?.id));
    expect(JSON.parse(post.body)).toEqual({
      review: {
        id: row?.id,
        viewId: fixture.viewId,
        viewName: "Weekly store journey",
        dueAt: DUE_1.toISOString(),
        late: false,
        manual: false,
        url: `https://parcours.example/journeys/${fixture.viewId}/reviews/${row?.id}`,
      },
      changes: expect.objectContaining({ stages: [], previous: null }),
      alerts: [expect.objectContaining({ kind: "satisfaction_drop", touchpoint: "store" })],
    });
    expect([webhookRow?.status, webhookRow?.attempts, webhookRow?.lastError]).toEqual([
      "pending",
      1,
      `webhook http://127.0.0.1:${new URL(hook.url).port} answered 500`,
    ]);
    expect(webhookRow?.nextAttemptAt.toISOString()).toBe(plus(now, MIN).toISOString());
    // Not before the backoff; then sent.
    expect((await runDueReviews(deps(), plus(now, 30_000))).deliveries.sent).toBe(0);
    expect(hook.received).toHaveLength(1);
    const retry = await runDueReviews(deps(), plus(now, MIN));
    expect(retry.deliveries).toMatchObject({ sent: 1, retried: 0 });
    expect(hook.received).toHaveLength(2);
    const webhookRows = (await deliveryRows(t.db)).filter((d) => d.channel === "webhook");
    expect(webhookRows.map((d) => [d.status, d.attempts])).toEqual([["sent", 2]]);
  });

  it("webhook: gives up after 6 attempts, and refuses a non-http(s) URL at once", async () => {
    hook.answers = [500, 502, 503, 500, 500, 500, 500];
    let now = plus(DUE_1, MIN);
    await runDueReviews(deps(), now);
    for (const minutes of [1, 5, 30, 120, 120]) {
      now = plus(now, minutes * MIN);
      await runDueReviews(deps(), now);
    }
    expect(hook.received).toHaveLength(6);
    const webhookRow = (await deliveryRows(t.db)).find((d) => d.channel === "webhook");
    expect([webhookRow?.status, webhookRow?.attempts]).toEqual(["failed", 6]);
    await runDueReviews(deps(), plus(now, 300 * MIN));
    expect(hook.received).toHaveLength(6);

    await t.db
      .update(reviewWebhooks)
      .set({ url: "file:///etc/passwd" })
      .where(eq(reviewWebhooks.id, fixture.webhookId));
    const pass = await runDueReviews(deps(), plus(DUE_2, MIN));
    expect(pass.deliveries.failed).toBe(1);
    expect(pass.deliveries.errors[0]?.error).toMatch(/must be http:\/\/ or https:\/\//);
    const [, second] = await reviewRows(t.db);
    const refused = await t.db
      .select()
      .from(reviewDeliveries)
      .where(
        and(
          eq(reviewDeliveries.reviewId, second?.id ?? 0),
          eq(reviewDeliveries.channel, "webhook"),
        ),
      );
    expect(refused.map((d) => [d.status, d.attempts])).toEqual([["failed", 1]]);
  });

  it("a pass near the end of its deliveries' lease gives back what it has not tried", async () => {
    const [second] = await t.db
      .insert(reviewWebhooks)
      .values({
        viewId: fixture.viewId,
        url: hook.url,
        secret: SECRET,
        createdById: fixture.ownerId,
      })
      .returning({ id: reviewWebhooks.id });
    try {
      const down: typeof fetch = async () => {
        throw new Error("connect ECONNREFUSED");
      };
      const now = plus(DUE_1, MIN);
      const first = await runDueReviews(
        deps({
          delivery: {
            appUrl: "https://parcours.example",
            mailer: null,
            fetch: down,
            webhookAllow: SINK_ADDRESSES,
          },
        }),
        now,
      );
      expect(first.deliveries.retried).toBe(2);
      // Each send takes 200 ms; the lease leaves 150 ms past the margin: one send, then stop.
      const slow: typeof fetch = async (input, init) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return fetch(input, init);
      };
      const options = {
        appUrl: "https://parcours.example",
        mailer: null,
        fetch: slow,
        webhookAllow: SINK_ADDRESSES,
      };
      const later = plus(now, 2 * MIN);
      const pass = await sendDueDeliveries(t.db, options, later, { leaseMs: 90_150 });
      expect(pass).toMatchObject({ sent: 1, retried: 0, failed: 0 });
      const hooks = () =>
        deliveryRows(t.db).then((rows) =>
          rows
            .filter((d) => d.channel === "webhook")
            .map((d) => [d.status, d.attempts, d.claimedUntil]),
        );
      expect(await hooks()).toEqual([
        ["sent", 2, null],
        ["pending", 1, null],
      ]);
      expect((await sendDueDeliveries(t.db, options, later)).sent).toBe(1);
      expect(await hooks()).toEqual([
        ["sent", 2, null],
        ["sent", 2, null],
      ]);
    } finally {
      await t.db.delete(reviewWebhooks).where(eq(reviewWebhooks.id, second?.id ?? 0));
    }
  });

  describe("email over SMTP", () => {
    let smtp: SmtpSink;
    beforeAll(async () => {
      smtp = await startSmtpSink();
    });
    afterAll(async () => {
      await smtp.close();
    });

    it("the SMTP server receives the review with the view's name and its link", async () => {
      const mailer = smtpMailer(smtp.url, "Parcours <reviews@parcours.example>");
      try {
        const pass = await runDueReviews(
          deps({
            delivery: { appUrl: "https://parcours.example/", mailer, webhookAllow: SINK_ADDRESSES },
          }),
          plus(DUE_1, MIN),
        );
        expect(pass.deliveries.errors).toEqual([]);
      } finally {
        mailer.close();
      }
      const [row] = await reviewRows(t.db);
      expect(smtp.messages).toHaveLength(1);
      const [message] = smtp.messages;
      expect(message?.to).toEqual(["viewer@example.com"]);
      expect(message?.from).toBe("reviews@parcours.example");
      // Quoted-printable may fold long lines: unfold before looking.
      const raw = (message?.raw ?? "").replace(/=\r?\n/g, "");
      expect(raw).toContain("Weekly store journey");
      expect(raw).toContain(
        `https://parcours.example/journeys/${fixture.viewId}/reviews/${row?.id}`,
      );
      expect(raw).toContain("text/plain");
      expect(raw).toContain("text/html");
      expect(raw).toContain("satisfaction fell from 4.5 to 3");
    });

    it("without SMTP no email deliveries are made", async () => {
      await runDueReviews(
        deps({
          delivery: {
            appUrl: "https://parcours.example",
            mailer: null,
            webhookAllow: SINK_ADDRESSES,
          },
        }),
        plus(DUE_1, MIN),
      );
      expect((await deliveryRows(t.db)).map((d) => d.channel)).toEqual(["app", "app", "webhook"]);
    });
  });
});

describe.runIf(TEST_TARGETS.includes("postgres"))(
  "two server processes on PostgreSQL",
  () => {
    let t: TestDatabase;
    let second: DatabaseHandle;
    let hook: WebhookSink;
    let fixture: Fixture;

    beforeAll(async () => {
      t = await openTestDatabase("postgres");
      const [row] = await queryRows<{ name: string }>(t.db, sql`SELECT current_database() AS name`);
      const url = new URL(process.env.DATABASE_URL ?? "");
      url.pathname = `/${row?.name}`;
      second = createDatabase({ url: url.toString(), maxConnections: 4 });
      hook = await startWebhookSink();
      fixture = await seed(t.db, hook.url);
    });
    afterAll(async () => {
      await hook.close();
      await second.close();
      await t.cleanup();
    });

    it("racing on the same due review: one review, one delivery per recipient, one POST", async () => {
      const mail: { to: string; subject: string; text: string }[] = [];
      const calls: CompareReviewsInput[] = [];
      const make = (db: Database, runnerId: string): RunReviewsDeps => ({
        db,
        runnerId,
        metrics: postgresEngine().on(db),
        figures: { compare: recordingCompare(calls) },
        delivery: {
          appUrl: "https://parcours.example",
          mailer: recordingMailer(mail),
          webhookAllow: SINK_ADDRESSES,
        },
      });
      for (const offset of [MIN, 2 * MIN, 3 * MIN]) {
        await Promise.all([
          runDueReviews(make(t.db, "a"), plus(DUE_1, offset)),
          runDueReviews(make(second.db, "b"), plus(DUE_1, offset)),
        ]);
      }
      const rows = await reviewRows(t.db);
      expect(rows.map((r) => [r.status, r.attempts])).toEqual([["ready", 1]]);
      expect(calls).toHaveLength(1);
      const deliveries = await deliveryRows(t.db);
      expect(deliveries.map((d) => [d.channel, d.recipient, d.status])).toEqual([
        ["app", `user:${fixture.ownerId}`, "sent"],
        ["app", `user:${fixture.viewerId}`, "sent"],
        ["email", `user:${fixture.viewerId}`, "sent"],
        ["webhook", `webhook:${fixture.webhookId}`, "sent"],
      ]);
      expect(hook.received).toHaveLength(1);
      expect(mail).toHaveLength(1);
    });
  },
  60_000,
);
