import type {
  TAnnotationTarget,
  TMetricTarget,
  TViewFilters,
  TViewPeriod,
} from "@parcours/validators";
import type { EmotionCurve } from "../metrics/emotion";
import type { JourneyMap, PainPoint } from "../metrics/journey";
import type { StageMetricStatus, StageMetrics } from "../metrics/stage-metrics";

/*
 * What a review keeps (issue 18 item 3). A snapshot freezes a view's journey map as it was at
 * the review: the stages with their names and goals, every figure, the stage metrics against
 * their targets. The changes say what moved since the view's previous review. Both are stored
 * as JSON in `reviews` (dates as ISO strings: the Stored… types) and revived on read.
 */

/** A value as JSON holds it: dates become ISO strings. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** A view's journey map frozen at a review. */
export interface ReviewSnapshot {
  version: 1;
  takenAt: Date;
  /** The view as it was: its name, description, period (as saved), filters and window. */
  view: {
    id: number;
    name: string;
    description: string;
    period: TViewPeriod;
    filters: TViewFilters;
    windowSeconds: number;
  };
  /** The period the figures cover, resolved at the review. */
  period: { from: Date; to: Date };
  /** Stages (names, goals, KPIs), cells, pain points, as the journey page showed them. */
  map: JourneyMap;
  /** Each stage's metrics against their targets, with their previous-period values. */
  stageMetrics: StageMetrics;
  emotion: EmotionCurve;
  /** The view's comment threads at the review. */
  comments: { total: number; open: number; opportunities: number };
  /** Filter keys the catalogue no longer knew, left out of the figures. */
  unknownFilters: { personas: string[]; channels: string[] };
}
export type StoredReviewSnapshot = Jsonified<ReviewSnapshot>;

/** A figure then and now; change = after − before, null when either is unknown. */
export interface ReviewDelta {
  before: number | null;
  after: number | null;
  change: number | null;
}

/** A stage metric that was or is measured against a target. */
export interface ReviewStageMetricChange {
  stage: string;
  metric: string;
  name: string;
  before: number | null;
  after: number | null;
  target: TMetricTarget | null;
  statusBefore: StageMetricStatus | null;
  statusAfter: StageMetricStatus | null;
}

export type ReviewAlert =
  | {
      kind: "target_crossed";
      stage: string;
      metric: string;
      name: string;
      value: number | null;
      target: TMetricTarget;
      /** met: it reached its target since the previous review; missed: it fell below it. */
      now: "met" | "missed";
    }
  | {
      kind: "satisfaction_drop";
      stage: string;
      touchpoint: string;
      before: number;
      after: number;
      /** The schedule's threshold the drop exceeded (points on 1–5). */
      threshold: number;
    };

/** What moved since the view's previous review. */
export interface ReviewChanges {
  /** The review compared with; null for a view's first review. */
  previous: { reviewId: number; dueAt: Date; period: { from: Date; to: Date } } | null;
  stages: {
    stage: string;
    name: string;
    customers: ReviewDelta;
    conversionToNext: ReviewDelta;
    satisfaction: ReviewDelta;
  }[];
  /** The cells whose figures moved, largest change first. */
  cells: {
    stage: string;
    touchpoint: string;
    customers: ReviewDelta;
    satisfaction: ReviewDelta;
    nextStageShare: ReviewDelta;
  }[];
  stageMetrics: ReviewStageMetricChange[];
  painPoints: { new: PainPoint[]; resolved: PainPoint[]; ongoing: PainPoint[] };
  /** Comments and opportunities written since the previous review, and threads resolved. */
  comments: {
    added: {
      id: number;
      kind: "comment" | "opportunity";
      target: TAnnotationTarget;
      body: string;
      authorName: string;
      /**
       * The author's email, for an author without a name, as the journey page's notes show it:
       * added when the review is read in the app (getReview), never stored with the review nor
       * sent by webhook.
       */
      authorEmail?: string;
      createdAt: Date;
    }[];
    resolved: number;
  };
  alerts: ReviewAlert[];
}
export type StoredReviewChanges = Jsonified<ReviewChanges>;
