import { hostname } from "node:os";
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import type { Metrics } from "../metrics/engine";
import { type AnnotationRow, getViewById, listAnnotations } from "../queries/views";
import { reviewSchedules, reviews } from "../schema/reviews";
import { compareReviews } from "./changes";
import {
  backoffMs,
  createDeliveries,
  type DeliveryOptions,
  type DeliverySummary,
  sendDueDeliveries,
} from "./deliver";
import { dueTimes } from "./schedule";
import { reviveSnapshot, takeReviewSnapshot } from "./snapshot";
import type {
  Jsonified,
  ReviewChanges,
  ReviewSnapshot,
  StoredReviewChanges,
  StoredReviewSnapshot,
} from "./types";

/*
 * One pass of the review engine (issue 18 item 3, docs/reviews.md):
 *   1. each enabled schedule's latest due time gets its review row, once: (view_id, due_at) is
 *      unique and the insert that wins makes it. Only the latest due time is ever made, so a
 *      server down over several due times makes one review when it is back, marked late;
 *   2. pending reviews (scheduled or asked for by hand) whose lease is free or expired are
 *      claimed (UPDATE … RETURNING under FOR UPDATE SKIP LOCKED), taken (snapshot, changes since
 *      the view's previous ready review), stored and marked ready together with their
 *      deliveries, in one transaction and only while this process still holds the lease;
 *      a failure records the error and frees the lease until a backoff has passed, and after
 *      5 attempts the review is failed;
 *   3. deliveries whose time has come are sent (deliver.ts).
 * Every moment is the pass's `now`, never the database clock, so tests can move time.
 */

/** What the figures helper's compareReviews takes (changes.ts). */
export interface CompareReviewsInput {
  previous: { reviewId: number; dueAt: Date; snapshot: ReviewSnapshot } | null;
  current: ReviewSnapshot;
  annotations: AnnotationRow[];
  satisfactionDrop: number | null;
}

/** How a review's figures are taken and compared (the real ones unless a test passes others). */
export interface ReviewFigures {
  takeSnapshot: (
    metrics: Metrics,
    view: NonNullable<Awaited<ReturnType<typeof getViewById>>>,
    options: { now: Date },
  ) => Promise<ReviewSnapshot>;
  reviveSnapshot: (stored: StoredReviewSnapshot) => ReviewSnapshot;
  compare: (input: CompareReviewsInput) => ReviewChanges;
}

export interface RunReviewsDeps {
  db: Database;
  metrics: Metrics;
  /** How this process names itself in claimed_by (default host:pid:random). */
  runnerId?: string;
  /** The figures helper's functions unless a test passes its own. */
  figures?: Partial<ReviewFigures>;
  delivery: DeliveryOptions;
  /** How long a claimed review is this process's (default 5 min). */
  leaseMs?: number;
  /** Attempts before a review is failed (default 5). */
  maxAttempts?: number;
  /** Reviews taken per pass at most (default 10). */
  batch?: number;
}

export interface RunOptions {
  /** Make the schedules' due reviews (default true); false only takes pending rows and sends. */
  schedules?: boolean;
}

export interface RunSummary {
  /** Review rows this pass made for due schedules. */
  created: { id: number; viewId: number; dueAt: Date; late: boolean }[];
  /** Schedules whose due time could not be computed (their time zone is unknown here). */
  skipped: { viewId: number; error: string }[];
  /** Reviews taken and marked ready, with the deliveries made for each. */
  ready: {
    id: number;
    viewId: number;
    dueAt: Date;
    late: boolean;
    manual: boolean;
    deliveries: number;
  }[];
  /** Reviews that failed this time and will be tried again. */
  retried: { id: number; viewId: number; attempts: number; error: string }[];
  /** Reviews given up on. */
  failed: { id: number; viewId: number; attempts: number; error: string }[];
  deliveries: DeliverySummary;
}

export const REVIEW_LEASE_MS = 5 * 60_000;
export const REVIEW_MAX_ATTEMPTS = 5;
/** A scheduled review taken later than this after its due time is marked late. */
export const LATE_AFTER_MS = 15 * 60_000;

let sequence = 0;
export function newRunnerId(): string {
  sequence += 1;
  return `${hostname()}:${process.pid}:${sequence}:${Math.random().toString(36).slice(2, 8)}`;
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

/** Dates as JSON holds them, as the jsonb columns store them. */
function jsonify<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonified<T>;
}

/** Step 1: each enabled schedule's latest due time, made once. */
async function createDueReviews(
  db: Database,
  now: Date,
  skipped: RunSummary["skipped"],
): Promise<RunSummary["created"]> {
  const schedules = await db
    .select()
    .from(reviewSchedules)
    .where(eq(reviewSchedules.enabled, true));
  const due: { viewId: number; dueAt: Date }[] = [];
  for (const s of schedules) {
    try {
      const dueAt = dueTimes(s, now).previous;
      // A due time before the schedule existed is never made.
      if (dueAt.getTime() >= s.createdAt.getTime()) due.push({ viewId: s.viewId, dueAt });
    } catch (error) {
      // A time zone this Node.js no longer knows stops that schedule only.
      skipped.push({ viewId: s.viewId, error: describe(error) });
    }
  }
  if (due.length === 0) return [];
  // Read first, so the common case (already made) consumes no identity values.
  const existing = await db
    .select({ viewId: reviews.viewId, dueAt: reviews.dueAt })
    .from(reviews)
    .where(
      and(
        inArray(
          reviews.viewId,
          due.map((d) => d.viewId),
        ),
        gte(reviews.dueAt, new Date(Math.min(...due.map((d) => d.dueAt.getTime())))),
      ),
    );
  const made = new Set(existing.map((r) => `${r.viewId}:${r.dueAt.getTime()}`));
  const missing = due.filter((d) => !made.has(`${d.viewId}:${d.dueAt.getTime()}`));
  if (missing.length === 0) return [];
  return db
    .insert(reviews)
    .values(
      missing.map((d) => ({
        viewId: d.viewId,
        dueAt: d.dueAt,
        late: now.getTime() - d.dueAt.getTime() > LATE_AFTER_MS,
        manual: false,
      })),
    )
    .onConflictDoNothing()
    .returning({
      id: reviews.id,
      viewId: reviews.viewId,
      dueAt: reviews.dueAt,
      late: reviews.late,
    });
}

interface ClaimedReview {
  id: number;
  viewId: number;
  dueAt: Date;
  manual: boolean;
  attempts: number;
}

/** A review this process no longer holds (its lease ran out and another took it). */
class LeaseLostError extends Error {}

async function takeReview(
  deps: RunReviewsDeps,
  figures: ReviewFigures,
  runnerId: string,
  review: ClaimedReview,
  now: Date,
): Promise<{ late: boolean; deliveries: number }> {
  const { db } = deps;
  const view = await getViewById(db, review.viewId);
  if (!view) throw new Error(`view ${review.viewId} is gone`);
  const [schedule] = await db
    .select({ satisfactionDrop: reviewSchedules.satisfactionDrop })
    .from(reviewSchedules)
    .where(eq(reviewSchedules.viewId, review.viewId));
  const [previous] = await db
    .select({ id: reviews.id, dueAt: reviews.dueAt, snapshot: reviews.snapshot })
    .from(reviews)
    .where(
      and(
        eq(reviews.viewId, review.viewId),
        eq(reviews.status, "ready"),
        lt(reviews.dueAt, review.dueAt),
      ),
    )
    .orderBy(desc(reviews.dueAt))
    .limit(1);
  const annotations = await listAnnotations(db, review.viewId);
  const current = await figures.takeSnapshot(deps.metrics, view, { now });
  const changes = figures.compare({
    previous: previous?.snapshot
      ? {
          reviewId: previous.id,
          dueAt: previous.dueAt,
          snapshot: figures.reviveSnapshot(previous.snapshot),
        }
      : null,
    current,
    annotations,
    satisfactionDrop: schedule?.satisfactionDrop ?? null,
  });
  const late = !review.manual && now.getTime() - review.dueAt.getTime() > LATE_AFTER_MS;
  return db.transaction(async (tx) => {
    const stored = await tx
      .update(reviews)
      .set({
        status: "ready",
        snapshot: jsonify(current) as StoredReviewSnapshot,
        changes: jsonify(changes) as StoredReviewChanges,
        previousReviewId: previous?.id ?? null,
        late,
        completedAt: now,
        claimedBy: null,
        claimedUntil: null,
        lastError: null,
      })
      .where(
        and(
          eq(reviews.id, review.id),
          eq(reviews.status, "pending"),
          eq(reviews.claimedBy, runnerId),
        ),
      )
      .returning({ id: reviews.id });
    if (stored.length === 0) throw new LeaseLostError();
    const deliveries = await createDeliveries(
      tx as unknown as Database,
      review,
      now,
      deps.delivery.mailer !== null,
    );
    return { late, deliveries };
  });
}

/** One pass: make due reviews, take pending ones, send due deliveries. */
export async function runDueReviews(
  deps: RunReviewsDeps,
  now: Date,
  options: RunOptions = {},
): Promise<RunSummary> {
  const { db } = deps;
  const runnerId = deps.runnerId ?? newRunnerId();
  const leaseMs = deps.leaseMs ?? REVIEW_LEASE_MS;
  const maxAttempts = deps.maxAttempts ?? REVIEW_MAX_ATTEMPTS;
  const figures: ReviewFigures = {
    takeSnapshot: deps.figures?.takeSnapshot ?? takeReviewSnapshot,
    reviveSnapshot: deps.figures?.reviveSnapshot ?? reviveSnapshot,
    compare: deps.figures?.compare ?? compareReviews,
  };
  const skipped: RunSummary["skipped"] = [];
  const summary: RunSummary = {
    created: options.schedules === false ? [] : await createDueReviews(db, now, skipped),
    skipped,
    ready: [],
    retried: [],
    failed: [],
    deliveries: { sent: 0, retried: 0, failed: 0, errors: [] },
  };

  const leaseFree = or(isNull(reviews.claimedUntil), lt(reviews.claimedUntil, now));
  // Reviews whose last holder died on the last attempt: nobody will try them again.
  const exhausted = await db
    .update(reviews)
    .set({
      status: "failed",
      claimedBy: null,
      claimedUntil: null,
      lastError: sql`coalesce(${reviews.lastError}, 'the process taking it stopped')`,
    })
    .where(and(eq(reviews.status, "pending"), gte(reviews.attempts, maxAttempts), leaseFree))
    .returning({
      id: reviews.id,
      viewId: reviews.viewId,
      attempts: reviews.attempts,
      error: reviews.lastError,
    });
  summary.failed.push(...exhausted.map((r) => ({ ...r, error: r.error ?? "" })));

  const claimable = db
    .select({ id: reviews.id })
    .from(reviews)
    .where(and(eq(reviews.status, "pending"), lt(reviews.attempts, maxAttempts), leaseFree))
    .orderBy(asc(reviews.dueAt), asc(reviews.id))
    .limit(deps.batch ?? 10)
    .for("update", { skipLocked: true });
  const claimed: ClaimedReview[] = await db
    .update(reviews)
    .set({
      claimedBy: runnerId,
      claimedUntil: new Date(now.getTime() + leaseMs),
      attempts: sql`${reviews.attempts} + 1`,
    })
    .where(and(inArray(reviews.id, claimable), eq(reviews.status, "pending")))
    .returning({
      id: reviews.id,
      viewId: reviews.viewId,
      dueAt: reviews.dueAt,
      manual: reviews.manual,
      attempts: reviews.attempts,
    });

  for (const review of claimed.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())) {
    try {
      const taken = await takeReview(deps, figures, runnerId, review, now);
      summary.ready.push({
        id: review.id,
        viewId: review.viewId,
        dueAt: review.dueAt,
        manual: review.manual,
        ...taken,
      });
    } catch (error) {
      if (error instanceof LeaseLostError) continue;
      const message = describe(error);
      const giveUp = review.attempts >= maxAttempts;
      await db
        .update(reviews)
        .set({
          status: giveUp ? "failed" : "pending",
          lastError: message,
          claimedBy: null,
          // Not taken again before the backoff has passed.
          claimedUntil: giveUp ? null : new Date(now.getTime() + backoffMs(review.attempts)),
        })
        .where(and(eq(reviews.id, review.id), eq(reviews.claimedBy, runnerId)));
      const entry = {
        id: review.id,
        viewId: review.viewId,
        attempts: review.attempts,
        error: message,
      };
      if (giveUp) summary.failed.push(entry);
      else summary.retried.push(entry);
    }
  }

  summary.deliveries = await sendDueDeliveries(db, deps.delivery, now);
  return summary;
}
