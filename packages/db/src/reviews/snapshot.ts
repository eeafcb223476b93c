import type { Metrics } from "../metrics/engine";
import type { JourneyMap } from "../metrics/journey";
import type { StageMetrics } from "../metrics/stage-metrics";
import type { AnnotationRow, SavedView } from "../queries/views";
import type { Jsonified, ReviewSnapshot, StoredReviewSnapshot } from "./types";

/*
 * A review's snapshot (issue 18 item 3, docs/metrics.md "Reviews"): the view's journey map as
 * the journey page computes it at the review's moment, through `Metrics` (either engine), and
 * the view's comment threads as they stood. Stored as JSON; `reviveSnapshot` gives the dates back.
 */

/** The view's comment threads: all, still open, and those that are opportunities (any state). */
export function countThreads(annotations: AnnotationRow[]): ReviewSnapshot["comments"] {
  const threads = annotations.filter((a) => a.parentId === null);
  return {
    total: threads.length,
    open: threads.filter((a) => a.resolvedAt === null).length,
    opportunities: threads.filter((a) => a.kind === "opportunity").length,
  };
}

/**
 * The view's journey map frozen at `now`, as its journey page shows it (`getViewJourney`, on
 * whichever engine `metrics` is): its period resolved as of `now` (a relative period ends with
 * the UTC day holding `now`), its stages, cells, pain points (with their trend against the
 * period before), stage metrics against their targets (with their previous-period values),
 * emotion curve and comment threads.
 */
export async function takeReviewSnapshot(
  metrics: Metrics,
  view: SavedView,
  options: { now: Date },
): Promise<ReviewSnapshot> {
  // The snapshot keeps no conversion over time: not computing it saves a funnel per bucket.
  const journey = await metrics.getViewJourney(view, { now: options.now, overTime: false });
  return {
    version: 1,
    takenAt: options.now,
    view: {
      id: view.id,
      name: view.name,
      description: view.description,
      period: view.period,
      filters: view.filters,
      windowSeconds: view.windowSeconds,
    },
    period: journey.period,
    map: journey.map,
    stageMetrics: journey.stageMetrics,
    emotion: journey.emotion,
    comments: countThreads(journey.annotations),
    unknownFilters: journey.unknownFilters,
  };
}

/** A [from, to) pair back from JSON. */
export function revivePeriod(stored: Jsonified<{ from: Date; to: Date }>): {
  from: Date;
  to: Date;
} {
  return { from: new Date(stored.from), to: new Date(stored.to) };
}

function reviveMap(stored: Jsonified<JourneyMap>): JourneyMap {
  return {
    ...stored,
    ...revivePeriod(stored),
    trendPeriod: stored.trendPeriod === null ? null : revivePeriod(stored.trendPeriod),
  };
}

function reviveStageMetrics(stored: Jsonified<StageMetrics>): StageMetrics {
  return { ...stored, ...revivePeriod(stored) };
}

/**
 * A stored snapshot with its dates back. Each date is revived by its path; everything else is
 * spread as stored, so a date field added to the snapshot's types and not revived here is a
 * string where a Date is expected: a type error, not a silent string.
 */
export function reviveSnapshot(stored: StoredReviewSnapshot): ReviewSnapshot {
  return {
    ...stored,
    takenAt: new Date(stored.takenAt),
    period: revivePeriod(stored.period),
    map: reviveMap(stored.map),
    stageMetrics: reviveStageMetrics(stored.stageMetrics),
  };
}
