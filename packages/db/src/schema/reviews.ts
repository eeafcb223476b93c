import type {
  TReviewCadence,
  TReviewChannel,
  TReviewDeliveryStatus,
  TReviewStatus,
} from "@parcours/validators";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import type { StoredReviewChanges, StoredReviewSnapshot } from "../reviews/types";
import { users } from "./auth";
import { savedViews } from "./views";

/**
 * A saved view's review schedule (issue 18 item 3): weekly on a weekday, or monthly on a day of
 * the month, at an hour of the schedule's time zone. One per view.
 */
export const reviewSchedules = pgTable(
  "review_schedules",
  {
    viewId: integer()
      .primaryKey()
      .references(() => savedViews.id, { onDelete: "cascade" }),
    cadence: text().$type<TReviewCadence>().notNull(),
    /** weekly: ISO weekday, 1 (Monday) to 7 (Sunday); monthly: day of the month, 1 to 28. */
    day: integer().notNull(),
    /** 0 to 23, in `timeZone`. */
    hour: integer().notNull(),
    /** An IANA time zone name (Europe/Paris): the view's time zone for its reviews. */
    timeZone: text().notNull(),
    /**
     * Alert when a cell's mean satisfaction (1–5) drops by more than this since the previous
     * review; null: no satisfaction alert. Stage metrics crossing their targets always alert.
     */
    satisfactionDrop: doublePrecision(),
    enabled: boolean().notNull().default(true),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("review_schedules_cadence", sql`${t.cadence} in ('weekly', 'monthly')`),
    check(
      "review_schedules_day",
      sql`(${t.cadence} = 'weekly' and ${t.day} between 1 and 7) or (${t.cadence} = 'monthly' and ${t.day} between 1 and 28)`,
    ),
    check("review_schedules_hour", sql`${t.hour} between 0 and 23`),
    check(
      "review_schedules_satisfaction_drop",
      sql`${t.satisfactionDrop} is null or (${t.satisfactionDrop} > 0 and ${t.satisfactionDrop} <= 4)`,
    ),
  ],
);

/**
 * One review of a view: the moment it was due, and once taken, the frozen figures and what moved
 * since the previous review. (view_id, due_at) is unique, so two server processes that both see
 * a review due create it once; the one whose insert wins takes it. A row still `pending` after
 * its lease (`claimed_until`) is taken again by whichever process sees it next.
 */
export const reviews = pgTable(
  "reviews",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    viewId: integer()
      .notNull()
      .references(() => savedViews.id, { onDelete: "cascade" }),
    /** The scheduled moment (or, for a review asked for by hand, the moment it was asked). */
    dueAt: timestamp({ withTimezone: true }).notNull(),
    /** Taken after its time because no server was running then: sent once, marked late. */
    late: boolean().notNull().default(false),
    /** Asked for by hand ("review now") rather than by the schedule. */
    manual: boolean().notNull().default(false),
    status: text().$type<TReviewStatus>().notNull().default("pending"),
    /** Which process holds the review while it is taken, and until when. */
    claimedBy: text(),
    claimedUntil: timestamp({ withTimezone: true }),
    /** The last error while taking it (it is retried), for the operator. */
    lastError: text(),
    attempts: integer().notNull().default(0),
    snapshot: jsonb().$type<StoredReviewSnapshot>(),
    changes: jsonb().$type<StoredReviewChanges>(),
    previousReviewId: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("reviews_view_due_unique").on(t.viewId, t.dueAt),
    check("reviews_status", sql`${t.status} in ('pending', 'ready', 'failed')`),
    index("reviews_status_idx").on(t.status, t.claimedUntil),
  ],
);

/** Who receives a view's reviews: in the app always, by email too when asked. */
export const reviewSubscriptions = pgTable(
  "review_subscriptions",
  {
    viewId: integer()
      .notNull()
      .references(() => savedViews.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.viewId, t.userId] })],
);

/**
 * Webhooks a view's reviews are posted to, as JSON signed with HMAC-SHA256 of the body under
 * `secret` (shown once, when the webhook is made; kept because signing needs it).
 */
export const reviewWebhooks = pgTable(
  "review_webhooks",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    viewId: integer()
      .notNull()
      .references(() => savedViews.id, { onDelete: "cascade" }),
    url: text().notNull(),
    secret: text().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("review_webhooks_url_length", sql`length(${t.url}) between 1 and 2000`),
    index("review_webhooks_view_idx").on(t.viewId),
  ],
);

/**
 * One review to one recipient: a subscriber in the app (read or not), a subscriber by email, or
 * a webhook. `recipient` names it (`user:12`, `webhook:3`), unique per review and channel, so a
 * review is delivered at most once to each; a delivery that failed is retried with backoff.
 */
export const reviewDeliveries = pgTable(
  "review_deliveries",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    reviewId: integer()
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    channel: text().$type<TReviewChannel>().notNull(),
    recipient: text().notNull(),
    userId: integer().references(() => users.id, { onDelete: "cascade" }),
    webhookId: integer().references(() => reviewWebhooks.id, { onDelete: "cascade" }),
    status: text().$type<TReviewDeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    /** In-app deliveries: when the subscriber opened it (null: unread). */
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("review_deliveries_once").on(t.reviewId, t.channel, t.recipient),
    check("review_deliveries_channel", sql`${t.channel} in ('app', 'email', 'webhook')`),
    check("review_deliveries_status", sql`${t.status} in ('pending', 'sent', 'failed')`),
    index("review_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("review_deliveries_user_idx").on(t.userId, t.readAt),
  ],
);
