import type { Database } from "../client";
import { describeDatabaseError, isDatabaseUnavailable } from "../database-errors";
import { getMetricEngine, type Metrics } from "../metrics/engine";
import type { DeliveryOptions } from "./deliver";
import { newRunnerId, type RunReviewsDeps, type RunSummary, runDueReviews } from "./runner";

/*
 * The server's review loop (issue 18 item 3, docs/reviews.md): a full pass at start, so a
 * review missed while no server ran is sent on start, then one every 30 s; in between, every
 * 5 s, a short pass that only takes pending reviews (asked for by hand) and sends due
 * deliveries, so "review now" answers within seconds. It never throws and logs one line per
 * outage, as the ClickHouse sync loop does. Several processes may run it: the database's
 * unique keys and leases keep each review made, taken and delivered once.
 */

export type ReviewLogLevel = "info" | "warn" | "error";

export interface ReviewLoopOptions {
  db: () => Promise<Database>;
  /**
   * The metrics bound to the database; default: the process's engine, as the app's requests
   * get it (ctx.metrics = getMetricEngine().on(db)).
   */
  metrics?: (db: Database) => Metrics;
  delivery: DeliveryOptions;
  figures?: RunReviewsDeps["figures"];
  /** Between full passes (default 30 s). */
  intervalMs?: number;
  /** Between short passes for pending reviews and deliveries (default 5 s). */
  pendingIntervalMs?: number;
  log?: (level: ReviewLogLevel, message: string) => void;
  /** The clock (tests). */
  now?: () => Date;
}

export interface ReviewLoopState {
  running: boolean;
  passes: number;
  lastSuccessAt: Date | null;
  lastError: string | null;
  failures: number;
  /** Reviews made ready and deliveries sent since the start. */
  reviewsReady: number;
  deliveriesSent: number;
}

export interface ReviewLoop {
  readonly state: ReviewLoopState;
  stop(): Promise<void>;
}

const defaultLog = (level: ReviewLogLevel, message: string) => {
  const line = `[parcours] reviews: ${message}`;
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.info(line);
};

/** One line about what a pass did, or null when it did nothing worth a line. */
export function describePass(summary: RunSummary): string | null {
  const parts: string[] = [];
  if (summary.ready.length) {
    const late = summary.ready.filter((r) => r.late).length;
    parts.push(
      `${summary.ready.length} review${summary.ready.length > 1 ? "s" : ""} taken${late ? ` (${late} late)` : ""}`,
    );
  }
  if (summary.retried.length) {
    parts.push(
      `${summary.retried.length} to retry (${summary.retried.map((r) => `review ${r.id}: ${r.error}`).join("; ")})`,
    );
  }
  if (summary.failed.length) {
    parts.push(
      `${summary.failed.length} failed after ${summary.failed.map((r) => `${r.attempts} attempts (review ${r.id}: ${r.error})`).join("; ")}`,
    );
  }
  for (const k of summary.skipped) parts.push(`view ${k.viewId}'s schedule skipped: ${k.error}`);
  const d = summary.deliveries;
  if (d.sent) parts.push(`${d.sent} deliver${d.sent > 1 ? "ies" : "y"} sent`);
  if (d.retried || d.failed) {
    parts.push(
      `${d.retried} deliveries to retry, ${d.failed} failed (${d.errors.map((e) => `${e.channel} ${e.deliveryId}: ${e.error}`).join("; ")})`,
    );
  }
  return parts.length ? parts.join(", ") : null;
}

export function startReviewLoop(options: ReviewLoopOptions): ReviewLoop {
  const interval = options.intervalMs ?? 30_000;
  const pendingInterval = Math.min(options.pendingIntervalMs ?? 5_000, interval);
  const log = options.log ?? defaultLog;
  const now = options.now ?? (() => new Date());
  const runnerId = newRunnerId();
  const state: ReviewLoopState = {
    running: true,
    passes: 0,
    lastSuccessAt: null,
    lastError: null,
    failures: 0,
    reviewsReady: 0,
    deliveriesSent: 0,
  };
  const controller = new AbortController();
  let wake = () => {};
  let outageLogged = false;
  let lastFullPass = Number.NEGATIVE_INFINITY;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const done = (async () => {
    while (!controller.signal.aborted) {
      const started = Date.now();
      const full = started - lastFullPass >= interval;
      try {
        const db = await options.db();
        const summary = await runDueReviews(
          {
            db,
            metrics: options.metrics ? options.metrics(db) : getMetricEngine().on(db),
            runnerId,
            figures: options.figures,
            delivery: options.delivery,
          },
          now(),
          { schedules: full },
        );
        if (full) lastFullPass = started;
        if (state.failures > 0) log("info", "the database answers again; reviews go on");
        state.passes += 1;
        state.failures = 0;
        state.lastError = null;
        outageLogged = false;
        state.lastSuccessAt = new Date();
        state.reviewsReady += summary.ready.length;
        state.deliveriesSent += summary.deliveries.sent;
        const line = describePass(summary);
        if (line) {
          const trouble =
            summary.failed.length || summary.skipped.length || summary.deliveries.failed;
          log(trouble ? "warn" : "info", line);
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        state.failures += 1;
        const unavailable = isDatabaseUnavailable(error);
        const message = describeDatabaseError(error);
        // One line per outage; other errors again only when their message changes.
        if (!(unavailable && outageLogged) && message !== state.lastError) {
          log(
            unavailable ? "warn" : "error",
            `${message}; due reviews are made and sent once this succeeds (retrying every ${Math.round(pendingInterval / 1000)} s)`,
          );
        }
        state.lastError = message;
        outageLogged = unavailable;
      }
      if (!controller.signal.aborted) await sleep(pendingInterval);
    }
    state.running = false;
  })();

  return {
    state,
    stop: async () => {
      controller.abort();
      wake();
      await done;
    },
  };
}

const LOOP_KEY = Symbol.for("parcours.reviews.loop");
type GlobalWithLoop = typeof globalThis & { [LOOP_KEY]?: ReviewLoop };

/**
 * The process's one review loop, started on the first call (kept on globalThis: Next.js may
 * load this module more than once); later calls return it.
 */
export function ensureReviewLoop(options: ReviewLoopOptions): ReviewLoop {
  const g = globalThis as GlobalWithLoop;
  g[LOOP_KEY] ??= startReviewLoop(options);
  return g[LOOP_KEY];
}

/** The loop is on unless PARCOURS_REVIEWS=off (a deployment that runs the CLI from cron). */
export function reviewLoopEnabled(
  source: Record<string, string | undefined> = process.env,
): boolean {
  return source.PARCOURS_REVIEWS?.trim().toLowerCase() !== "off";
}
