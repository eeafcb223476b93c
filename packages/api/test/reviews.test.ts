import { postgresEngine } from "@parcours/db/metrics/engine";
import { createUser, listAudit, type SavedView } from "@parcours/db/queries";
import { compareReviews } from "@parcours/db/reviews/changes";
import { takeReviewSnapshot } from "@parcours/db/reviews/snapshot";
import type { StoredReviewChanges, StoredReviewSnapshot } from "@parcours/db/reviews/types";
import { reviewDeliveries, reviews } from "@parcours/db/schema";
import {
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { formatMessage } from "@parcours/validators";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Caller,
  callerAs,
  codeOf,
  createTestUsers,
  failure,
  type TestUsers,
} from "./procedures";

const period = { kind: "fixed" as const, from: "2021-01-04", to: "2021-01-14" };
const weekly = {
  cadence: "weekly" as const,
  day: 1,
  hour: 9,
  timeZone: "Europe/Paris",
  satisfactionDrop: 0.5,
};

/** As JSON keeps it in `reviews`: dates become strings. */
const asStored = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

describe.each(TEST_TARGETS)("reviews router on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let admin: Caller;
  let manager: Caller;
  let otherManager: Caller;
  let viewer: Caller;
  let anonymous: Caller;
  /** The manager's team view, and their private one. */
  let team: SavedView;
  let secret: SavedView;

  /** A ready review of `view` with a real snapshot, and `alerts` alerts in its changes. */
  const readyReview = async (view: SavedView, dueAt: Date, alerts: number) => {
    const snapshot = await takeReviewSnapshot(postgresEngine().on(t.db), view, {
      now: dueAt,
    });
    const changes = compareReviews({
      previous: null,
      current: snapshot,
      annotations: [],
      satisfactionDrop: null,
    });
    const [row] = await t.db
      .insert(reviews)
      .values({
        viewId: view.id,
        dueAt,
        status: "ready",
        snapshot: asStored<StoredReviewSnapshot>(snapshot),
        changes: asStored<StoredReviewChanges>({
          ...changes,
          alerts: Array.from({ length: alerts }, () => ({
            kind: "satisfaction_drop",
            stage: "purchase",
            touchpoint: "checkout",
            before: 4,
            after: 3,
            threshold: 0.5,
          })),
        }),
        completedAt: dueAt,
      })
      .returning({ id: reviews.id });
    if (!row) throw new Error("no review");
    return row.id;
  };
  const sendInApp = async (reviewId: number, userId: number) => {
    await t.db.insert(reviewDeliveries).values({
      reviewId,
      channel: "app",
      recipient: `user:${userId}`,
      userId,
      status: "sent",
      sentAt: new Date(),
    });
  };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    const other = await createUser(
      t.db,
      { id: null, email: "test" },
      {
        email: "other.manager@example.com",
        name: "Other",
        role: "manager",
        passwordHash: "not-a-real-hash",
      },
    );
    admin = await callerAs(t.db, users.admin);
    manager = await callerAs(t.db, users.manager);
    otherManager = await callerAs(t.db, other);
    viewer = await callerAs(t.db, users.viewer);
    anonymous = await callerAs(t.db, null);
    await insertEvents(t.db, [
      { id: "v1", customer: "c1", touchpoint: "ads", t: 0 },
      { id: "v2", customer: "c1", touchpoint: "website", t: DAY },
      { id: "v3", customer: "c2", touchpoint: "ads", t: 2 * DAY },
    ]);
    team = await manager.views.create({ name: "Launch", visibility: "team", period });
    secret = await manager.views.create({ name: "Secret plan", visibility: "private", period });
  });
  afterAll(() => t.cleanup());

  it("the schedule: its owner sets and changes it, an admin too; viewers read it; audited", async () => {
    expect(await codeOf(anonymous.reviews.schedule.get({ viewId: team.id }))).toBe("UNAUTHORIZED");
    expect(await viewer.reviews.schedule.get({ viewId: team.id })).toBeNull();
    expect(await codeOf(viewer.reviews.schedule.set({ viewId: team.id, ...weekly }))).toBe(
      "FORBIDDEN",
    );
    // Another manager sees the team view but may not change it.
    expect(
      await failure(otherManager.reviews.schedule.set({ viewId: team.id, ...weekly })),
    ).toEqual({
      code: "PRECONDITION_FAILED",
      message: "only the view's owner (or an admin) can change it",
    });
    const set = await manager.reviews.schedule.set({ viewId: team.id, ...weekly });
    expect(set).toMatchObject({ viewId: team.id, ...weekly, enabled: true });
    expect(await viewer.reviews.schedule.get({ viewId: team.id })).toMatchObject(weekly);
    const changed = await admin.reviews.schedule.set({
      viewId: team.id,
      cadence: "monthly",
      day: 28,
      hour: 7,
      timeZone: "America/New_York",
    });
    expect(changed).toMatchObject({ cadence: "monthly", day: 28, satisfactionDrop: null });
    // New timing starts when it is set: no due time of it before then is ever made.
    expect(changed.createdAt).toEqual(changed.updatedAt);
    expect(changed.createdAt.getTime()).toBeGreaterThanOrEqual(set.createdAt.getTime());
    // A new threshold alone keeps the schedule's start.
    const threshold = await admin.reviews.schedule.set({
      viewId: team.id,
      cadence: "monthly",
      day: 28,
      hour: 7,
      timeZone: "America/New_York",
      satisfactionDrop: 1,
    });
    expect(threshold.createdAt).toEqual(changed.createdAt);
    // A private view of someone else is not found, as one that does not exist.
    expect(await codeOf(viewer.reviews.schedule.get({ viewId: secret.id }))).toBe("NOT_FOUND");
    expect(await manager.reviews.schedule.remove({ viewId: team.id })).toEqual({ removed: true });
    expect(await manager.reviews.schedule.remove({ viewId: team.id })).toEqual({ removed: false });
    expect(await viewer.reviews.schedule.get({ viewId: team.id })).toBeNull();

    const { rows } = await listAudit(t.db, { entityType: "review_schedule" });
    expect(rows.map((r) => [r.action, r.actorEmail, r.summary])).toEqual([
      [
        "review_schedule.delete",
        "manager@example.com",
        'removed the review schedule of the view "Launch"',
      ],
      [
        "review_schedule.update",
        "admin@example.com",
        'scheduled monthly reviews of the view "Launch"',
      ],
      [
        "review_schedule.update",
        "admin@example.com",
        'scheduled monthly reviews of the view "Launch"',
      ],
      [
        "review_schedule.create",
        "manager@example.com",
        'scheduled weekly reviews of the view "Launch"',
      ],
    ]);
    expect(rows[1]?.after).toMatchObject({ cadence: "monthly", satisfactionDrop: 1 });
    expect(rows[2]?.before).toMatchObject({ cadence: "weekly", day: 1, satisfactionDrop: 0.5 });
    expect(rows[3]?.summaryMessage && formatMessage("fr", rows[3].summaryMessage)).toBe(
      "a programmé des revues hebdomadaires de la vue «\u00a0Launch\u00a0»",
    );
  });

  it("a schedule's bad input is a 400 naming the field", async () => {
    const eighth = await failure(
      manager.reviews.schedule.set({ viewId: team.id, ...weekly, day: 8 }),
    );
    expect(eighth.code).toBe("BAD_REQUEST");
    expect(eighth.message).toContain("a weekly review's day is 1 (Monday) to 7 (Sunday)");
    const zone = await failure(
      manager.reviews.schedule.set({ viewId: team.id, ...weekly, timeZone: "Mars/Olympus" }),
    );
    expect(zone.code).toBe("BAD_REQUEST");
    expect(zone.message).toContain("unknown time zone");
    const drop = await failure(
      manager.reviews.schedule.set({ viewId: team.id, ...weekly, satisfactionDrop: 5 }),
    );
    expect(drop.code).toBe("BAD_REQUEST");
    expect(drop.message).toContain("at most 4 points");
  });

  it("a viewer subscribes to a view they can see, by email too, and unsubscribes; audited", async () => {
    expect(await viewer.reviews.subscription.mine({ viewId: team.id })).toBeNull();
    expect(
      await viewer.reviews.subscription.subscribe({ viewId: team.id, email: true }),
    ).toMatchObject({ viewId: team.id, email: true });
    expect(
      await viewer.reviews.subscription.subscribe({ viewId: team.id, email: false }),
    ).toMatchObject({ email: false });
    expect(await viewer.reviews.subscription.mine({ viewId: team.id })).toMatchObject({
      email: false,
    });
    // Only their own: the manager is not subscribed.
    expect(await manager.reviews.subscription.mine({ viewId: team.id })).toBeNull();
    expect(
      await codeOf(viewer.reviews.subscription.subscribe({ viewId: secret.id, email: false })),
    ).toBe("NOT_FOUND");
    expect(await viewer.reviews.subscription.unsubscribe({ viewId: team.id })).toEqual({
      removed: true,
    });
    expect(await viewer.reviews.subscription.mine({ viewId: team.id })).toBeNull();
    const { rows } = await listAudit(t.db, { entityType: "review_subscription" });
    expect(rows.map((r) => r.summary)).toEqual([
      'unsubscribed from the reviews of the view "Launch"',
      'subscribed to the reviews of the view "Launch" (in the app)',
      'subscribed to the reviews of the view "Launch" (in the app and by email)',
    ]);
    expect(rows.every((r) => r.actorEmail === "viewer@example.com")).toBe(true);
  });

  it("webhooks: the secret is shown once, never listed; the audit keeps the origin only", async () => {
    expect(await codeOf(viewer.reviews.webhooks.list({ viewId: team.id }))).toBe("FORBIDDEN");
    const url = "https://hooks.example.com/services/T000/B000/XXXXXXXX";
    const { webhook, secret: key } = await manager.reviews.webhooks.create({
      viewId: team.id,
      url,
    });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(webhook).toMatchObject({ viewId: team.id, url, lastDelivery: null });
    const listed = await manager.reviews.webhooks.list({ viewId: team.id });
    expect(listed).toEqual([expect.objectContaining({ id: webhook.id, url })]);
    expect(JSON.stringify(listed)).not.toContain(key);
    // Another manager may not list a view's webhooks that is not theirs.
    expect(await codeOf(otherManager.reviews.webhooks.list({ viewId: team.id }))).toBe(
      "PRECONDITION_FAILED",
    );

    for (const bad of ["ftp://example.com/hook", "not a url", "https://user:pw@example.com/x"]) {
      const refused = await failure(manager.reviews.webhooks.create({ viewId: team.id, url: bad }));
      expect(refused.code, bad).toBe("BAD_REQUEST");
      expect(refused.message, bad).toMatch(/http:\/\/ or https:\/\/|user name or password/);
    }

    // The latest delivery to it shows on the list.
    const reviewId = await readyReview(team, date(9 * DAY), 0);
    await t.db.insert(reviewDeliveries).values({
      reviewId,
      channel: "webhook",
      recipient: `webhook:${webhook.id}`,
      webhookId: webhook.id,
      status: "failed",
      attempts: 6,
      lastError: "HTTP 500",
    });
    expect((await manager.reviews.webhooks.list({ viewId: team.id }))[0]?.lastDelivery).toEqual({
      reviewId,
      status: "failed",
      attempts: 6,
      sentAt: null,
      lastError: "HTTP 500",
    });

    // A webhook on a private view is not found by whoever cannot see that view.
    const hidden = await manager.reviews.webhooks.create({
      viewId: secret.id,
      url: "https://example.com/private",
    });
    const notFound = await failure(otherManager.reviews.webhooks.delete({ id: hidden.webhook.id }));
    expect(notFound).toEqual({
      code: "NOT_FOUND",
      message: `no webhook with id ${hidden.webhook.id}`,
    });
    expect(await manager.reviews.webhooks.delete({ id: webhook.id })).toEqual({ id: webhook.id });
    expect(await manager.reviews.webhooks.list({ viewId: team.id })).toEqual([]);

    const { rows } = await listAudit(t.db, { entityType: "review_webhook" });
    expect(rows.map((r) => r.summary)).toEqual([
      'deleted the review webhook https://hooks.example.com on the view "Launch"',
      'added the review webhook https://example.com on the view "Secret plan"',
      'added the review webhook https://hooks.example.com on the view "Launch"',
    ]);
    expect(JSON.stringify(rows)).not.toContain("XXXXXXXX");
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it("review now: managers who may change the view; a second ask while pending is the same review", async () => {
    expect(await codeOf(viewer.reviews.reviewNow({ viewId: team.id }))).toBe("FORBIDDEN");
    expect(await codeOf(otherManager.reviews.reviewNow({ viewId: team.id }))).toBe(
      "PRECONDITION_FAILED",
    );
    const asked = await manager.reviews.reviewNow({ viewId: secret.id });
    expect(asked).toEqual({ id: expect.any(Number), queued: true });
    expect(await manager.reviews.reviewNow({ viewId: secret.id })).toEqual({
      id: asked.id,
      queued: false,
    });
    expect(await manager.reviews.list({ viewId: secret.id })).toEqual([
      {
        id: asked.id,
        dueAt: expect.any(Date),
        late: false,
        manual: true,
        status: "pending",
        completedAt: null,
        alertCount: 0,
      },
    ]);
    const { rows } = await listAudit(t.db, { entityType: "review" });
    expect(rows.map((r) => r.summary)).toEqual([
      'asked for a review of the view "Secret plan" now',
    ]);
  });

  it("a view's reviews and one review, with its snapshot and changes as dates; others' are not found", async () => {
    const dueAt = date(10 * DAY);
    const id = await readyReview(team, dueAt, 2);
    const listed = await viewer.reviews.list({ viewId: team.id });
    expect(listed[0]).toEqual({
      id,
      dueAt,
      late: false,
      manual: false,
      status: "ready",
      completedAt: dueAt,
      alertCount: 2,
    });
    const review = await viewer.reviews.get({ reviewId: id });
    expect(review).toMatchObject({ id, viewId: team.id, viewName: "Launch", alertCount: 2 });
    expect(review.snapshot?.takenAt).toEqual(dueAt);
    expect(review.snapshot?.period).toEqual({ from: date(0), to: date(10 * DAY) });
    // Discovery: c1 and c2; c1 reached consideration.
    expect(review.snapshot?.map.stages[0]).toMatchObject({ customers: 2, reachedNext: 1 });
    expect(review.changes?.alerts).toHaveLength(2);

    const hidden = await readyReview(secret, dueAt, 0);
    expect(await failure(viewer.reviews.get({ reviewId: hidden }))).toEqual({
      code: "NOT_FOUND",
      message: `no review with id ${hidden}`,
    });
    expect(await codeOf(viewer.reviews.list({ viewId: secret.id }))).toBe("NOT_FOUND");
    expect(await codeOf(viewer.reviews.get({ reviewId: 2_000_000 }))).toBe("NOT_FOUND");
  });

  it("a comment by an author without a name reads with their email in the app; the review stores the name only", async () => {
    const nameless = await createUser(
      t.db,
      { id: null, email: "test" },
      { email: "nameless@example.com", name: "", role: "manager", passwordHash: "not-a-real-hash" },
    );
    const unnamed = await (await callerAs(t.db, nameless)).views.annotate({
      viewId: team.id,
      target: { kind: "view" },
      body: "Queue at the till",
      kind: "comment",
    });
    const named = await manager.views.annotate({
      viewId: team.id,
      target: { kind: "view" },
      body: "Signs are clear",
      kind: "comment",
    });
    // A due time no other test here uses: (view, due time) is unique.
    const id = await readyReview(team, date(45 * DAY), 0);
    const [row] = await t.db
      .select({ changes: reviews.changes })
      .from(reviews)
      .where(eq(reviews.id, id));
    if (!row?.changes) throw new Error("no changes");
    const added = [
      [unnamed, ""],
      [named, "manager"],
    ] as const;
    const stored: StoredReviewChanges = {
      ...row.changes,
      comments: {
        resolved: 0,
        added: added.map(([note, authorName]) => ({
          id: note.id,
          kind: "comment",
          target: { kind: "view" },
          body: note.body,
          authorName,
          createdAt: date(10 * DAY).toISOString(),
        })),
      },
    };
    await t.db.update(reviews).set({ changes: stored }).where(eq(reviews.id, id));
    const review = await viewer.reviews.get({ reviewId: id });
    expect(
      review.changes?.comments.added.map((c) => [c.body, c.authorName, c.authorEmail]),
    ).toEqual([
      ["Queue at the till", "", "nameless@example.com"],
      ["Signs are clear", "manager", undefined],
    ]);
    const [after] = await t.db
      .select({ changes: reviews.changes })
      .from(reviews)
      .where(eq(reviews.id, id));
    expect(JSON.stringify(after?.changes)).not.toContain("nameless@example.com");
  });

  it("the inbox: my in-app reviews on views I can see, unread first counted, then read", async () => {
    const onTeam = await readyReview(team, date(11 * DAY), 1);
    const onSecret = await readyReview(secret, date(11 * DAY), 0);
    await sendInApp(onTeam, users.viewer.id);
    await sendInApp(onTeam, users.manager.id);
    // Sent to the viewer while they could see it, say: a private view hides it from them now.
    await sendInApp(onSecret, users.viewer.id);

    expect(await codeOf(anonymous.reviews.inbox({ unreadOnly: false }))).toBe("UNAUTHORIZED");
    expect(await viewer.reviews.unreadCount()).toEqual({ count: 1 });
    expect(await viewer.reviews.inbox({ unreadOnly: true })).toEqual([
      {
        reviewId: onTeam,
        viewId: team.id,
        viewName: "Launch",
        dueAt: date(11 * DAY),
        late: false,
        manual: false,
        alertCount: 1,
        sentAt: expect.any(Date),
        readAt: null,
      },
    ]);
    expect(await viewer.reviews.markRead({ reviewId: onTeam })).toEqual({ read: 1 });
    expect(await viewer.reviews.markRead({ reviewId: onTeam })).toEqual({ read: 0 });
    expect(await viewer.reviews.unreadCount()).toEqual({ count: 0 });
    expect(await viewer.reviews.inbox({ unreadOnly: true })).toEqual([]);
    const all = await viewer.reviews.inbox({ unreadOnly: false });
    expect(all.map((r) => r.reviewId)).toEqual([onTeam]);
    expect(all[0]?.readAt).toBeInstanceOf(Date);
    expect(await codeOf(viewer.reviews.markRead({ reviewId: onSecret }))).toBe("NOT_FOUND");
    // The manager's copy is their own: still unread until they mark all read.
    expect(await manager.reviews.unreadCount()).toEqual({ count: 1 });
    expect(await manager.reviews.markAllRead()).toEqual({ read: 1 });
    expect(await manager.reviews.unreadCount()).toEqual({ count: 0 });
    // Marking all read touches only the caller's own: the viewer's hidden copy stays unread.
    const [viewerCopy] = await t.db
      .select({ readAt: reviewDeliveries.readAt })
      .from(reviewDeliveries)
      .where(eq(reviewDeliveries.reviewId, onSecret));
    expect(viewerCopy).toEqual({ readAt: null });
  });
});
