import { randomBytes } from "node:crypto";
import {
  coded,
  type TReviewCadence,
  type TReviewDeliveryStatus,
  type TReviewScheduleInput,
  type TReviewStatus,
} from "@parcours/validators";
import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../client";
import { reviveChanges } from "../reviews/changes";
import { reviveSnapshot } from "../reviews/snapshot";
import type { ReviewChanges, ReviewSnapshot } from "../reviews/types";
import {
  annotations,
  reviewDeliveries,
  reviewSchedules,
  reviewSubscriptions,
  reviews,
  reviewWebhooks,
  savedViews,
  users,
} from "../schema";
import { recordAudit } from "./audit";
import { DomainError } from "./errors";
import { getOwnedView, getView, type ViewUser, visibleTo } from "./views";

/*
 * Regular reviews of a saved view (issue 18 item 3): every read and write the reviews router
 * needs. Who may do what follows the views: whoever can see a view (getView) reads its reviews
 * and subscribes to them; whoever may change it (getOwnedView: its owner or an admin) sets its
 * schedule, its webhooks, and asks for a review now. Every change goes to the audit log.
 */

// ---------------------------------------------------------------- schedule

export interface ReviewScheduleRow {
  viewId: number;
  cadence: TReviewCadence;
  day: number;
  hour: number;
  timeZone: string;
  satisfactionDrop: number | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const scheduleColumns = {
  viewId: reviewSchedules.viewId,
  cadence: reviewSchedules.cadence,
  day: reviewSchedules.day,
  hour: reviewSchedules.hour,
  timeZone: reviewSchedules.timeZone,
  satisfactionDrop: reviewSchedules.satisfactionDrop,
  enabled: reviewSchedules.enabled,
  createdAt: reviewSchedules.createdAt,
  updatedAt: reviewSchedules.updatedAt,
};

/** What the audit log keeps of a schedule. */
function scheduleAudit(s: Omit<TReviewScheduleInput, "viewId">) {
  return {
    cadence: s.cadence,
    day: s.day,
    hour: s.hour,
    timeZone: s.timeZone,
    satisfactionDrop: s.satisfactionDrop,
    enabled: s.enabled,
  };
}

async function readSchedule(db: Database, viewId: number): Promise<ReviewScheduleRow | null> {
  const [row] = await db
    .select(scheduleColumns)
    .from(reviewSchedules)
    .where(eq(reviewSchedules.viewId, viewId));
  return row ?? null;
}

/** The view's review schedule (null: none); anyone who can see the view may read it. */
export async function getReviewSchedule(
  db: Database,
  user: ViewUser,
  viewId: number,
): Promise<ReviewScheduleRow | null> {
  await getView(db, user, viewId);
  return readSchedule(db, viewId);
}

/**
 * Sets the view's schedule, or changes it (one per view). Reviews already taken stay; the
 * engine computes the next due time from the schedule as it now is, from now on when the timing
 * changed (`createdAt` is then the moment it did).
 */
export async function setReviewSchedule(
  db: Database,
  user: ViewUser,
  input: TReviewScheduleInput,
): Promise<ReviewScheduleRow> {
  const { viewId, ...schedule } = input;
  return db.transaction(async (tx) => {
    const view = await getOwnedView(tx, user, viewId);
    const before = await readSchedule(tx, viewId);
    const now = new Date();
    // The engine never makes a due time before `createdAt`. New timing (or a schedule enabled
    // again) starts now: otherwise its latest due time, already past, would be made at once as
    // a late review nobody missed. A new threshold alone keeps it.
    const restarts =
      before !== null &&
      (before.cadence !== schedule.cadence ||
        before.day !== schedule.day ||
        before.hour !== schedule.hour ||
        before.timeZone !== schedule.timeZone ||
        (!before.enabled && schedule.enabled));
    const [row] = await tx
      .insert(reviewSchedules)
      .values({ viewId, ...schedule, createdById: user.id })
      .onConflictDoUpdate({
        target: reviewSchedules.viewId,
        set: { ...schedule, updatedAt: now, ...(restarts ? { createdAt: now } : {}) },
      })
      .returning(scheduleColumns);
    if (!row) throw new Error("upsert returned no row");
    await recordAudit(tx, user, {
      action: before ? "review_schedule.update" : "review_schedule.create",
      entityType: "review_schedule",
      entityId: viewId,
      message: coded("auditReviewSchedule", {
        action: "set",
        cadence: schedule.cadence,
        view: view.name,
      }),
      before: before ? scheduleAudit(before) : undefined,
      after: scheduleAudit(schedule),
    });
    return row;
  });
}

/** Removes the view's schedule (no more scheduled reviews; those taken stay). */
export async function removeReviewSchedule(
  db: Database,
  user: ViewUser,
  viewId: number,
): Promise<{ removed: boolean }> {
  return db.transaction(async (tx) => {
    const view = await getOwnedView(tx, user, viewId);
    const before = await readSchedule(tx, viewId);
    // Removing what is not there changes nothing, and says nothing in the audit log.
    if (!before) return { removed: false };
    await tx.delete(reviewSchedules).where(eq(reviewSchedules.viewId, viewId));
    await recordAudit(tx, user, {
      action: "review_schedule.delete",
      entityType: "review_schedule",
      entityId: viewId,
      message: coded("auditReviewSchedule", {
        action: "remove",
        cadence: before.cadence,
        view: view.name,
      }),
      before: scheduleAudit(before),
    });
    return { removed: true };
  });
}

// ---------------------------------------------------------------- subscriptions

export interface ReviewSubscriptionRow {
  viewId: number;
  /** By email too (when the server has SMTP); in the app always. */
  email: boolean;
  createdAt: Date;
}

async function readSubscription(
  db: Database,
  userId: number,
  viewId: number,
): Promise<ReviewSubscriptionRow | null> {
  const [row] = await db
    .select({
      viewId: reviewSubscriptions.viewId,
      email: reviewSubscriptions.email,
      createdAt: reviewSubscriptions.createdAt,
    })
    .from(reviewSubscriptions)
    .where(and(eq(reviewSubscriptions.viewId, viewId), eq(reviewSubscriptions.userId, userId)));
  return row ?? null;
}

/** The user's own subscription to the view's reviews (null: not subscribed). */
export async function getMyReviewSubscription(
  db: Database,
  user: ViewUser,
  viewId: number,
): Promise<ReviewSubscriptionRow | null> {
  await getView(db, user, viewId);
  return readSubscription(db, user.id, viewId);
}

/** Subscribes the user to the view's reviews, or changes whether by email too. */
export async function subscribeToReviews(
  db: Database,
  user: ViewUser,
  viewId: number,
  email: boolean,
): Promise<ReviewSubscriptionRow> {
  return db.transaction(async (tx) => {
    const view = await getView(tx, user, viewId);
    const before = await readSubscription(tx, user.id, viewId);
    if (before && before.email === email) return before;
    await tx
      .insert(reviewSubscriptions)
      .values({ viewId, userId: user.id, email })
      .onConflictDoUpdate({
        target: [reviewSubscriptions.viewId, reviewSubscriptions.userId],
        set: { email },
      });
    await recordAudit(tx, user, {
      action: before ? "review_subscription.update" : "review_subscription.create",
      entityType: "review_subscription",
      entityId: `${viewId}:${user.id}`,
      message: coded("auditReviewSubscription", {
        subscribed: "yes",
        email: email ? "yes" : "no",
        view: view.name,
      }),
      before: before ? { email: before.email } : undefined,
      after: { viewId, email },
    });
    const row = await readSubscription(tx, user.id, viewId);
    if (!row) throw new Error("the subscription is missing");
    return row;
  });
}

export async function unsubscribeFromReviews(
  db: Database,
  user: ViewUser,
  viewId: number,
): Promise<{ removed: boolean }> {
  return db.transaction(async (tx) => {
    const view = await getView(tx, user, viewId);
    const before = await readSubscription(tx, user.id, viewId);
    if (!before) return { removed: false };
    await tx
      .delete(reviewSubscriptions)
      .where(and(eq(reviewSubscriptions.viewId, viewId), eq(reviewSubscriptions.userId, user.id)));
    await recordAudit(tx, user, {
      action: "review_subscription.delete",
      entityType: "review_subscription",
      entityId: `${viewId}:${user.id}`,
      message: coded("auditReviewSubscription", {
        subscribed: "no",
        email: before.email ? "yes" : "no",
        view: view.name,
      }),
      before: { viewId, email: before.email },
    });
    return { removed: true };
  });
}

// ---------------------------------------------------------------- webhooks

export interface ReviewWebhookRow {
  id: number;
  viewId: number;
  url: string;
  createdAt: Date;
  /** The latest delivery to it (null: none yet); never the secret. */
  lastDelivery: {
    reviewId: number;
    status: TReviewDeliveryStatus;
    attempts: number;
    sentAt: Date | null;
    lastError: string | null;
  } | null;
}

/** A webhook's URL as the audit log keeps it: its origin only (paths often carry tokens). */
function webhookHost(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}

/** The view's webhooks, oldest first, each with its latest delivery; never their secrets. */
export async function listReviewWebhooks(
  db: Database,
  user: ViewUser,
  viewId: number,
): Promise<ReviewWebhookRow[]> {
  await getOwnedView(db, user, viewId);
  const hooks = await db
    .select({
      id: reviewWebhooks.id,
      viewId: reviewWebhooks.viewId,
      url: reviewWebhooks.url,
      createdAt: reviewWebhooks.createdAt,
    })
    .from(reviewWebhooks)
    .where(eq(reviewWebhooks.viewId, viewId))
    .orderBy(reviewWebhooks.id);
  if (hooks.length === 0) return [];
  const latest = await db
    .selectDistinctOn([reviewDeliveries.webhookId], {
      webhookId: reviewDeliveries.webhookId,
      reviewId: reviewDeliveries.reviewId,
      status: reviewDeliveries.status,
      attempts: reviewDeliveries.attempts,
      sentAt: reviewDeliveries.sentAt,
      lastError: reviewDeliveries.lastError,
    })
    .from(reviewDeliveries)
    .where(
      inArray(
        reviewDeliveries.webhookId,
        hooks.map((h) => h.id),
      ),
    )
    .orderBy(reviewDeliveries.webhookId, desc(reviewDeliveries.id));
  return hooks.map((hook) => {
    const last = latest.find((d) => d.webhookId === hook.id);
    return {
      ...hook,
      lastDelivery: last
        ? {
            reviewId: last.reviewId,
            status: last.status,
            attempts: last.attempts,
            sentAt: last.sentAt,
            lastError: last.lastError,
          }
        : null,
    };
  });
}

/** At most this many webhooks per view. */
export const MAX_REVIEW_WEBHOOKS = 10;

/**
 * Adds a webhook to the view's reviews. Its signing secret (32 random bytes, hex) is in the
 * answer this once; the list never shows it again.
 */
export async function createReviewWebhook(
  db: Database,
  user: ViewUser,
  viewId: number,
  url: string,
): Promise<{ webhook: ReviewWebhookRow; secret: string }> {
  const secret = randomBytes(32).toString("hex");
  return db.transaction(async (tx) => {
    const view = await getOwnedView(tx, user, viewId);
    const [existing] = await tx
      .select({ n: count() })
      .from(reviewWebhooks)
      .where(eq(reviewWebhooks.viewId, viewId));
    if ((existing?.n ?? 0) >= MAX_REVIEW_WEBHOOKS) {
      throw new DomainError(
        "precondition",
        coded("reviewWebhooksFull", { max: MAX_REVIEW_WEBHOOKS }),
      );
    }
    const [row] = await tx
      .insert(reviewWebhooks)
      .values({ viewId, url, secret, createdById: user.id })
      .returning({
        id: reviewWebhooks.id,
        viewId: reviewWebhooks.viewId,
        url: reviewWebhooks.url,
        createdAt: reviewWebhooks.createdAt,
      });
    if (!row) throw new Error("insert returned no row");
    // The origin only: a webhook's path often is its credential (never the secret either).
    await recordAudit(tx, user, {
      action: "review_webhook.create",
      entityType: "review_webhook",
      entityId: row.id,
      message: coded("auditReviewWebhook", {
        action: "create",
        host: webhookHost(url),
        view: view.name,
      }),
      after: { viewId, origin: webhookHost(url) },
    });
    return { webhook: { ...row, lastDelivery: null }, secret };
  });
}

/** Deletes a webhook (its pending deliveries go with it). */
export async function deleteReviewWebhook(
  db: Database,
  user: ViewUser,
  webhookId: number,
): Promise<{ id: number }> {
  const notFound = () =>
    new DomainError("not_found", coded("notFound", { what: "webhook", by: "id", key: webhookId }));
  return db.transaction(async (tx) => {
    const [hook] = await tx
      .select({ viewId: reviewWebhooks.viewId, url: reviewWebhooks.url })
      .from(reviewWebhooks)
      .where(eq(reviewWebhooks.id, webhookId));
    if (!hook) throw notFound();
    // A webhook on a view the user cannot see is "not found" too, without naming that view.
    const [visible] = await tx
      .select({ id: savedViews.id })
      .from(savedViews)
      .where(and(eq(savedViews.id, hook.viewId), visibleTo(user)));
    if (!visible) throw notFound();
    const view = await getOwnedView(tx, user, hook.viewId);
    await tx.delete(reviewWebhooks).where(eq(reviewWebhooks.id, webhookId));
    await recordAudit(tx, user, {
      action: "review_webhook.delete",
      entityType: "review_webhook",
      entityId: webhookId,
      message: coded("auditReviewWebhook", {
        action: "delete",
        host: webhookHost(hook.url),
        view: view.name,
      }),
      before: { viewId: hook.viewId, origin: webhookHost(hook.url) },
    });
    return { id: webhookId };
  });
}

// ---------------------------------------------------------------- reviews

/**
 * A pending review of the view asked for by hand, due now; the engine's loop takes it within
 * seconds. No access check: the caller checked (requestReviewNow, the CLI).
 */
export async function queueManualReview(
  db: Database,
  viewId: number,
  now: Date,
): Promise<{ id: number }> {
  const [row] = await db
    .insert(reviews)
    .values({ viewId, dueAt: now, manual: true })
    .onConflictDoNothing({ target: [reviews.viewId, reviews.dueAt] })
    .returning({ id: reviews.id });
  if (row) return row;
  // Asked twice in the same millisecond: the same review.
  const [same] = await db
    .select({ id: reviews.id })
    .from(reviews)
    .where(and(eq(reviews.viewId, viewId), eq(reviews.dueAt, now)));
  if (!same) throw new Error("the review due now is missing");
  return same;
}

/**
 * "Review now": a manual review of a view the user may change. While one of the view's reviews
 * is still pending (being taken), that one is answered instead of queueing another.
 */
export async function requestReviewNow(
  db: Database,
  user: ViewUser,
  viewId: number,
  now: Date = new Date(),
): Promise<{ id: number; queued: boolean }> {
  return db.transaction(async (tx) => {
    const view = await getOwnedView(tx, user, viewId);
    const [pending] = await tx
      .select({ id: reviews.id })
      .from(reviews)
      .where(and(eq(reviews.viewId, viewId), eq(reviews.status, "pending")))
      .orderBy(desc(reviews.dueAt))
      .limit(1);
    if (pending) return { id: pending.id, queued: false };
    const { id } = await queueManualReview(tx, viewId, now);
    await recordAudit(tx, user, {
      action: "review.request",
      entityType: "review",
      entityId: id,
      message: coded("auditReviewNow", { view: view.name }),
      after: { viewId, dueAt: now, manual: true },
    });
    return { id, queued: true };
  });
}

/** How many alerts a stored review's changes hold (0 while pending). */
const alertCount = sql<number>`coalesce(jsonb_array_length(${reviews.changes} -> 'alerts'), 0)::int`;

export interface ReviewListRow {
  id: number;
  dueAt: Date;
  late: boolean;
  manual: boolean;
  status: TReviewStatus;
  completedAt: Date | null;
  alertCount: number;
}

/** At most this many of a view's reviews are listed, newest first (a weekly one: 4 years). */
export const MAX_LISTED_REVIEWS = 200;

/** The view's reviews, newest first; the view must be one the user can see. */
export async function listReviews(
  db: Database,
  user: ViewUser,
  viewId: number,
): Promise<ReviewListRow[]> {
  await getView(db, user, viewId);
  return db
    .select({
      id: reviews.id,
      dueAt: reviews.dueAt,
      late: reviews.late,
      manual: reviews.manual,
      status: reviews.status,
      completedAt: reviews.completedAt,
      alertCount,
    })
    .from(reviews)
    .where(eq(reviews.viewId, viewId))
    .orderBy(desc(reviews.dueAt), desc(reviews.id))
    .limit(MAX_LISTED_REVIEWS);
}

export interface ReviewDetail extends ReviewListRow {
  viewId: number;
  viewName: string;
  previousReviewId: number | null;
  /** The map as it was at the review; null until it is taken. */
  snapshot: ReviewSnapshot | null;
  /** What moved since the previous review; null until it is taken. */
  changes: ReviewChanges | null;
}

/**
 * One review with its snapshot and changes (dates revived). A review of a view the user cannot
 * see is "not found", like one that does not exist, without naming the view.
 */
export async function getReview(
  db: Database,
  user: ViewUser,
  reviewId: number,
): Promise<ReviewDetail> {
  const [row] = await db
    .select({
      id: reviews.id,
      viewId: reviews.viewId,
      viewName: savedViews.name,
      dueAt: reviews.dueAt,
      late: reviews.late,
      manual: reviews.manual,
      status: reviews.status,
      completedAt: reviews.completedAt,
      alertCount,
      previousReviewId: reviews.previousReviewId,
      snapshot: reviews.snapshot,
      changes: reviews.changes,
    })
    .from(reviews)
    .innerJoin(savedViews, eq(savedViews.id, reviews.viewId))
    .where(and(eq(reviews.id, reviewId), visibleTo(user)));
  if (!row) {
    throw new DomainError(
      "not_found",
      coded("notFound", { what: "review", by: "id", key: reviewId }),
    );
  }
  return {
    ...row,
    snapshot: row.snapshot === null ? null : reviveSnapshot(row.snapshot),
    changes: row.changes === null ? null : await withAuthorEmails(db, reviveChanges(row.changes)),
  };
}

/**
 * The comments added since the previous review, each with its author's email when the author
 * has no name (the review stores names only). A deleted comment or author keeps what was stored.
 */
async function withAuthorEmails(db: Database, changes: ReviewChanges): Promise<ReviewChanges> {
  const unnamed = changes.comments.added.filter((c) => c.authorName === "").map((c) => c.id);
  if (unnamed.length === 0) return changes;
  const authors = await db
    .select({ id: annotations.id, email: users.email })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.authorId))
    .where(inArray(annotations.id, unnamed));
  const emails = new Map(authors.map((a) => [a.id, a.email]));
  return {
    ...changes,
    comments: {
      ...changes.comments,
      added: changes.comments.added.map((c) => {
        const authorEmail = emails.get(c.id);
        return authorEmail === undefined ? c : { ...c, authorEmail };
      }),
    },
  };
}

// ---------------------------------------------------------------- inbox

export interface ReviewInboxRow {
  reviewId: number;
  viewId: number;
  viewName: string;
  dueAt: Date;
  late: boolean;
  manual: boolean;
  alertCount: number;
  sentAt: Date | null;
  /** Null: unread. */
  readAt: Date | null;
}

/** At most this many inbox entries, newest first. */
export const MAX_INBOX_ROWS = 100;

/** The user's in-app deliveries on views they can still see. */
function myInbox(user: ViewUser) {
  return and(
    eq(reviewDeliveries.userId, user.id),
    eq(reviewDeliveries.channel, "app"),
    eq(reviewDeliveries.status, "sent"),
    visibleTo(user),
  );
}

/** The reviews sent to the user in the app, newest first (only the unread ones if asked). */
export async function listReviewInbox(
  db: Database,
  user: ViewUser,
  params: { unreadOnly: boolean },
): Promise<ReviewInboxRow[]> {
  return db
    .select({
      reviewId: reviews.id,
      viewId: reviews.viewId,
      viewName: savedViews.name,
      dueAt: reviews.dueAt,
      late: reviews.late,
      manual: reviews.manual,
      alertCount,
      sentAt: reviewDeliveries.sentAt,
      readAt: reviewDeliveries.readAt,
    })
    .from(reviewDeliveries)
    .innerJoin(reviews, eq(reviews.id, reviewDeliveries.reviewId))
    .innerJoin(savedViews, eq(savedViews.id, reviews.viewId))
    .where(and(myInbox(user), params.unreadOnly ? isNull(reviewDeliveries.readAt) : undefined))
    .orderBy(desc(reviews.dueAt), desc(reviews.id))
    .limit(MAX_INBOX_ROWS);
}

/** How many reviews the user has not opened (the nav's badge). */
export async function countUnreadReviews(db: Database, user: ViewUser): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(reviewDeliveries)
    .innerJoin(reviews, eq(reviews.id, reviewDeliveries.reviewId))
    .innerJoin(savedViews, eq(savedViews.id, reviews.viewId))
    .where(and(myInbox(user), isNull(reviewDeliveries.readAt)));
  return row?.n ?? 0;
}

/**
 * Marks the review read in the user's inbox. A review of a view the user cannot see is "not
 * found"; one that was not sent to them (or read already) changes nothing.
 */
export async function markReviewRead(
  db: Database,
  user: ViewUser,
  reviewId: number,
  now: Date = new Date(),
): Promise<{ read: number }> {
  const [review] = await db
    .select({ id: reviews.id })
    .from(reviews)
    .innerJoin(savedViews, eq(savedViews.id, reviews.viewId))
    .where(and(eq(reviews.id, reviewId), visibleTo(user)));
  if (!review) {
    throw new DomainError(
      "not_found",
      coded("notFound", { what: "review", by: "id", key: reviewId }),
    );
  }
  const read = await db
    .update(reviewDeliveries)
    .set({ readAt: now })
    .where(
      and(
        eq(reviewDeliveries.reviewId, reviewId),
        eq(reviewDeliveries.userId, user.id),
        eq(reviewDeliveries.channel, "app"),
        isNull(reviewDeliveries.readAt),
      ),
    )
    .returning({ id: reviewDeliveries.id });
  return { read: read.length };
}

/** Marks every review in the user's inbox read. */
export async function markAllReviewsRead(
  db: Database,
  user: ViewUser,
  now: Date = new Date(),
): Promise<{ read: number }> {
  const read = await db
    .update(reviewDeliveries)
    .set({ readAt: now })
    .where(
      and(
        eq(reviewDeliveries.userId, user.id),
        eq(reviewDeliveries.channel, "app"),
        isNull(reviewDeliveries.readAt),
      ),
    )
    .returning({ id: reviewDeliveries.id });
  return { read: read.length };
}
