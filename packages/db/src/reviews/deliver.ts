import type { AddressRanges } from "@parcours/validators/address-ranges";
import type { TReviewEnv } from "@parcours/validators/review-env";
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import type { StageMetrics } from "../metrics/stage-metrics";
import { users } from "../schema/auth";
import { reviewDeliveries, reviewSubscriptions, reviews, reviewWebhooks } from "../schema/reviews";
import { savedViews } from "../schema/views";
import { type EmailLocale, type ReviewMailer, reviewEmail, smtpMailer } from "./email";
import type { Jsonified, StoredReviewChanges } from "./types";
import { PermanentDeliveryError, postWebhook } from "./webhook";

/*
 * Delivering a ready review (issue 18 item 3): one row per recipient in review_deliveries,
 * unique per (review, channel, recipient), so a review reaches each recipient at most once
 * however many processes create them. In-app rows are sent when made; email and webhook rows
 * are claimed with a lease, sent, and marked sent, or retried with backoff (1 min, 5, 30, 2 h,
 * 2 h) and failed after 6 attempts. A process that dies between sending and marking leaves a
 * row that is sent again after its lease: at-least-once for that one delivery (docs/reviews.md).
 */

export interface DeliveryOptions {
  /** The app's address, for links to the review page (AUTH_URL). */
  appUrl: string;
  /** null: SMTP is not configured, so no email deliveries are made. */
  mailer: ReviewMailer | null;
  /** The language of review emails (PARCOURS_EMAIL_LOCALE, default en). */
  emailLocale?: EmailLocale;
  /** The fetch webhooks are posted with (tests may pass their own). */
  fetch?: typeof fetch;
  webhookTimeoutMs?: number;
  /**
   * The addresses that are not public which webhooks may still reach (PARCOURS_WEBHOOK_ALLOW):
   * none when unset, so a webhook to a loopback, private or link-local address fails.
   */
  webhookAllow?: AddressRanges;
}

/** The app's own address when AUTH_URL is not set (`npm start`'s default port). */
export const DEFAULT_APP_URL = "http://localhost:3000";

/**
 * Delivery settings from the environment as the app or the CLI validated it (validators'
 * ZReviewEnvShape): AUTH_URL (the app's public address, as Auth.js reads it) for links,
 * SMTP_URL, SMTP_FROM and PARCOURS_EMAIL_LOCALE for email, PARCOURS_WEBHOOK_ALLOW for webhooks.
 */
export function deliveryOptionsFromEnv(
  env: Pick<
    TReviewEnv,
    "AUTH_URL" | "SMTP_URL" | "SMTP_FROM" | "PARCOURS_EMAIL_LOCALE" | "PARCOURS_WEBHOOK_ALLOW"
  >,
): DeliveryOptions {
  return {
    appUrl: (env.AUTH_URL ?? DEFAULT_APP_URL).replace(/\/+$/, ""),
    mailer: env.SMTP_URL ? smtpMailer(env.SMTP_URL, env.SMTP_FROM) : null,
    emailLocale: env.PARCOURS_EMAIL_LOCALE,
    webhookAllow: env.PARCOURS_WEBHOOK_ALLOW,
  };
}

/** Minutes before the next attempt after the n-th failed one (the last repeats). */
export const DELIVERY_BACKOFF_MINUTES = [1, 5, 30, 120];
export const DELIVERY_MAX_ATTEMPTS = 6;
export const DELIVERY_LEASE_MS = 5 * 60_000;
/** What a pass keeps of its lease unused: a send may take this long (timeouts included). */
const DELIVERY_LEASE_MARGIN_MS = 90_000;

export function backoffMs(attempts: number): number {
  const minutes =
    DELIVERY_BACKOFF_MINUTES[
      Math.min(Math.max(attempts, 1), DELIVERY_BACKOFF_MINUTES.length) - 1
    ] ?? 1;
  return minutes * 60_000;
}

export function reviewUrl(appUrl: string, viewId: number, reviewId: number): string {
  return `${appUrl.replace(/\/+$/, "")}/journeys/${viewId}/reviews/${reviewId}`;
}

/**
 * The deliveries of a review just made ready: 'app' to every subscriber who may still see the
 * view (sent at once: the row is the delivery), 'email' to those who asked for it when SMTP is
 * configured, 'webhook' to each of the view's webhooks. Run in the transaction that marks the
 * review ready, so a ready review always has its deliveries; existing rows are left as they are.
 */
export async function createDeliveries(
  db: Database,
  review: { id: number; viewId: number },
  now: Date,
  emailEnabled: boolean,
): Promise<number> {
  const [view] = await db
    .select({ ownerId: savedViews.ownerId, visibility: savedViews.visibility })
    .from(savedViews)
    .where(eq(savedViews.id, review.viewId));
  if (!view) return 0;
  const subscribers = await db
    .select({ userId: users.id, role: users.role, email: reviewSubscriptions.email })
    .from(reviewSubscriptions)
    .innerJoin(users, eq(users.id, reviewSubscriptions.userId))
    .where(and(eq(reviewSubscriptions.viewId, review.viewId), isNull(users.disabledAt)));
  // getView's rule: a team view, one's own, or any as an admin.
  const readers = subscribers.filter(
    (s) => view.visibility === "team" || s.userId === view.ownerId || s.role === "admin",
  );
  const hooks = await db
    .select({ id: reviewWebhooks.id })
    .from(reviewWebhooks)
    .where(eq(reviewWebhooks.viewId, review.viewId));
  const rows: (typeof reviewDeliveries.$inferInsert)[] = [
    ...readers.map((s) => ({
      reviewId: review.id,
      channel: "app" as const,
      recipient: `user:${s.userId}`,
      userId: s.userId,
      status: "sent" as const,
      sentAt: now,
      nextAttemptAt: now,
    })),
    ...(emailEnabled ? readers.filter((s) => s.email) : []).map((s) => ({
      reviewId: review.id,
      channel: "email" as const,
      recipient: `user:${s.userId}`,
      userId: s.userId,
      nextAttemptAt: now,
    })),
    ...hooks.map((h) => ({
      reviewId: review.id,
      channel: "webhook" as const,
      recipient: `webhook:${h.id}`,
      webhookId: h.id,
      nextAttemptAt: now,
    })),
  ];
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(reviewDeliveries)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: reviewDeliveries.id });
  return inserted.length;
}

export interface DeliverySummary {
  sent: number;
  /** Failed this time, to be tried again later. */
  retried: number;
  /** Given up on. */
  failed: number;
  errors: { deliveryId: number; channel: string; error: string }[];
}

interface ClaimedDelivery {
  id: number;
  reviewId: number;
  channel: "app" | "email" | "webhook";
  userId: number | null;
  webhookId: number | null;
  attempts: number;
}

/** The JSON a webhook receives. */
export interface ReviewWebhookPayload {
  review: {
    id: number;
    viewId: number;
    viewName: string;
    dueAt: string;
    late: boolean;
    manual: boolean;
    url: string;
  };
  changes: StoredReviewChanges | null;
  alerts: StoredReviewChanges["alerts"];
}

async function sendOne(
  db: Database,
  delivery: ClaimedDelivery,
  options: DeliveryOptions,
  now: Date,
): Promise<void> {
  const [review] = await db
    .select({
      id: reviews.id,
      viewId: reviews.viewId,
      viewName: savedViews.name,
      dueAt: reviews.dueAt,
      late: reviews.late,
      manual: reviews.manual,
      changes: reviews.changes,
    })
    .from(reviews)
    .innerJoin(savedViews, eq(savedViews.id, reviews.viewId))
    .where(eq(reviews.id, delivery.reviewId));
  if (!review) throw new PermanentDeliveryError("the review is gone");
  const url = reviewUrl(options.appUrl, review.viewId, review.id);
  if (delivery.channel === "webhook") {
    const [hook] = await db
      .select({ url: reviewWebhooks.url, secret: reviewWebhooks.secret })
      .from(reviewWebhooks)
      .where(eq(reviewWebhooks.id, delivery.webhookId ?? 0));
    if (!hook) throw new PermanentDeliveryError("the webhook was deleted");
    const payload: ReviewWebhookPayload = {
      review: {
        id: review.id,
        viewId: review.viewId,
        viewName: review.viewName,
        dueAt: review.dueAt.toISOString(),
        late: review.late,
        manual: review.manual,
        url,
      },
      changes: review.changes,
      alerts: review.changes?.alerts ?? [],
    };
    await postWebhook({
      url: hook.url,
      secret: hook.secret,
      deliveryId: delivery.id,
      body: JSON.stringify(payload),
      now,
      fetch: options.fetch,
      timeoutMs: options.webhookTimeoutMs,
      allowedAddresses: options.webhookAllow,
    });
    return;
  }
  if (delivery.channel === "email") {
    if (!options.mailer) throw new Error("SMTP_URL is not set: email cannot be sent");
    const [user] = await db
      .select({ email: users.email, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, delivery.userId ?? 0));
    if (!user || user.disabledAt) throw new PermanentDeliveryError("the subscriber is disabled");
    if (!review.changes) throw new PermanentDeliveryError("the review holds no changes");
    const [stored] = await db
      .select({
        stageMetrics: sql<Jsonified<StageMetrics> | null>`${reviews.snapshot} -> 'stageMetrics'`,
      })
      .from(reviews)
      .where(eq(reviews.id, review.id));
    await options.mailer.send(
      reviewEmail({
        to: user.email,
        viewName: review.viewName,
        dueAt: review.dueAt,
        late: review.late,
        manual: review.manual,
        url,
        changes: review.changes,
        stageMetrics: stored?.stageMetrics ?? null,
        locale: options.emailLocale,
      }),
    );
    return;
  }
  // 'app' rows are made sent; one left pending is sent by being there.
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

/**
 * Claims the deliveries whose time has come (pending, next_attempt_at ≤ now, lease free or
 * expired), sends each, and marks it sent or records the error and when to try again.
 */
export async function sendDueDeliveries(
  db: Database,
  options: DeliveryOptions,
  now: Date,
  limits: { batch?: number; leaseMs?: number } = {},
): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, retried: 0, failed: 0, errors: [] };
  const leaseMs = limits.leaseMs ?? DELIVERY_LEASE_MS;
  const due = db
    .select({ id: reviewDeliveries.id })
    .from(reviewDeliveries)
    .where(
      and(
        eq(reviewDeliveries.status, "pending"),
        lte(reviewDeliveries.nextAttemptAt, now),
        or(isNull(reviewDeliveries.claimedUntil), lt(reviewDeliveries.claimedUntil, now)),
      ),
    )
    .orderBy(asc(reviewDeliveries.nextAttemptAt), asc(reviewDeliveries.id))
    .limit(limits.batch ?? 20)
    .for("update", { skipLocked: true });
  const claimed: ClaimedDelivery[] = await db
    .update(reviewDeliveries)
    .set({
      claimedUntil: new Date(now.getTime() + leaseMs),
      attempts: sql`${reviewDeliveries.attempts} + 1`,
    })
    .where(and(inArray(reviewDeliveries.id, due), eq(reviewDeliveries.status, "pending")))
    .returning({
      id: reviewDeliveries.id,
      reviewId: reviewDeliveries.reviewId,
      channel: reviewDeliveries.channel,
      userId: reviewDeliveries.userId,
      webhookId: reviewDeliveries.webhookId,
      attempts: reviewDeliveries.attempts,
    });
  const started = Date.now();
  const queue = claimed.sort((a, b) => a.id - b.id);
  for (const [index, delivery] of queue.entries()) {
    // Near the end of the lease another process may claim what is left: give it back untried
    // rather than risk both sending it.
    if (Date.now() - started > leaseMs - DELIVERY_LEASE_MARGIN_MS) {
      const untried = queue.slice(index).map((d) => d.id);
      await db
        .update(reviewDeliveries)
        .set({ claimedUntil: null, attempts: sql`${reviewDeliveries.attempts} - 1` })
        .where(and(inArray(reviewDeliveries.id, untried), eq(reviewDeliveries.status, "pending")));
      break;
    }
    try {
      await sendOne(db, delivery, options, now);
      await db
        .update(reviewDeliveries)
        .set({ status: "sent", sentAt: now, claimedUntil: null, lastError: null })
        .where(and(eq(reviewDeliveries.id, delivery.id), eq(reviewDeliveries.status, "pending")));
      summary.sent += 1;
    } catch (error) {
      const message = describe(error);
      const giveUp =
        error instanceof PermanentDeliveryError || delivery.attempts >= DELIVERY_MAX_ATTEMPTS;
      await db
        .update(reviewDeliveries)
        .set(
          giveUp
            ? { status: "failed", claimedUntil: null, lastError: message }
            : {
                claimedUntil: null,
                lastError: message,
                nextAttemptAt: new Date(now.getTime() + backoffMs(delivery.attempts)),
              },
        )
        .where(and(eq(reviewDeliveries.id, delivery.id), eq(reviewDeliveries.status, "pending")));
      if (giveUp) summary.failed += 1;
      else summary.retried += 1;
      summary.errors.push({ deliveryId: delivery.id, channel: delivery.channel, error: message });
    }
  }
  return summary;
}
