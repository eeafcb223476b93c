import { MIN_RATINGS } from "../metrics/filter";
import type { HeatmapCell } from "../metrics/heatmap";
import type { JourneyMap, PainPoint } from "../metrics/journey";
import type { StageMetricValue } from "../metrics/stage-metrics";
import type { AnnotationRow } from "../queries/views";
import { revivePeriod } from "./snapshot";
import type {
  ReviewAlert,
  ReviewChanges,
  ReviewDelta,
  ReviewSnapshot,
  ReviewStageMetricChange,
  StoredReviewChanges,
} from "./types";

/*
 * What moved between two reviews of a view (issue 18 item 3; docs/metrics.md, "Reviews"). Pure:
 * it reads the two snapshots and the view's comments, and asks no engine.
 */

/** A figure then and now; the change when both are known. */
export function delta(before: number | null, after: number | null): ReviewDelta {
  return { before, after, change: before === null || after === null ? null : after - before };
}

/** Whether a figure moved: a different value, or known on one side only. */
function moved(d: ReviewDelta): boolean {
  return d.before !== d.after;
}

type Cell = Pick<HeatmapCell, "customers" | "satisfaction" | "nextStageShare">;

/** A cell a map does not have (a touchpoint added or removed since) counts as empty. */
const EMPTY_CELL: Cell = {
  customers: 0,
  satisfaction: { mean: null, n: 0, sufficient: false },
  nextStageShare: null,
};

const cellKey = (stage: string, touchpoint: string) => JSON.stringify([stage, touchpoint]);

/** Every cell of a map by (stage, touchpoint), in map order (rows, then stages). */
function cellsOf(map: JourneyMap): Map<string, { stage: string; touchpoint: string; cell: Cell }> {
  const cells = new Map<string, { stage: string; touchpoint: string; cell: Cell }>();
  for (const row of map.rows) {
    for (const cell of row.cells) {
      cells.set(cellKey(cell.stage, row.touchpoint), {
        stage: cell.stage,
        touchpoint: row.touchpoint,
        cell,
      });
    }
  }
  return cells;
}

/**
 * How much a cell moved, on one scale: the largest of its customers' relative change
 * (|Δ| ÷ the larger of the two counts), its next-stage share's change (share points, 0–1) and
 * its mean satisfaction's change over the rating scale's span (|Δ| ÷ 4). A figure known on one
 * side only adds nothing to the size (it still makes the cell one that moved).
 */
export function cellChangeSize(c: {
  customers: ReviewDelta;
  satisfaction: ReviewDelta;
  nextStageShare: ReviewDelta;
}): number {
  const most = Math.max(c.customers.before ?? 0, c.customers.after ?? 0);
  const customers = most > 0 ? Math.abs(c.customers.change ?? 0) / most : 0;
  const share = Math.abs(c.nextStageShare.change ?? 0);
  const satisfaction = Math.abs(c.satisfaction.change ?? 0) / 4;
  return Math.max(customers, share, satisfaction);
}

const painKey = (p: PainPoint) => JSON.stringify([p.kind, p.stage, p.touchpoint]);

/** The same metric in a snapshot's stage metrics, by stage and metric key. */
function metricsByKey(snapshot: ReviewSnapshot): Map<string, StageMetricValue> {
  const byKey = new Map<string, StageMetricValue>();
  for (const stage of snapshot.stageMetrics.stages) {
    for (const metric of stage.metrics)
      byKey.set(JSON.stringify([stage.stage, metric.key]), metric);
  }
  return byKey;
}

/** Floating-point slack: a drop equal to the threshold (3.7 − 3.2 against 0.5) is not more than it. */
const EPSILON = 1e-9;

export function compareReviews(input: {
  previous: { reviewId: number; dueAt: Date; snapshot: ReviewSnapshot } | null;
  current: ReviewSnapshot;
  /** The view's annotations (listAnnotations): added = created after the previous review's takenAt. */
  annotations: AnnotationRow[];
  satisfactionDrop: number | null;
}): ReviewChanges {
  const { current } = input;
  const before = input.previous?.snapshot ?? null;

  // Stages: today's, each against the same stage (by key) at the previous review.
  const stages = current.map.stages.map((stage) => {
    const then = before?.map.stages.find((s) => s.key === stage.key);
    return {
      stage: stage.key,
      name: stage.name,
      customers: delta(then?.customers ?? null, stage.customers),
      conversionToNext: delta(then?.conversionToNext ?? null, stage.conversionToNext),
      satisfaction: delta(then?.satisfaction.mean ?? null, stage.satisfaction.mean),
    };
  });

  // Cells: every cell of either map; those that moved, largest change first.
  const stageOrder = new Map(current.map.stages.map((s, i) => [s.key, i]));
  const cells: ReviewChanges["cells"] = [];
  const satisfactionDrops: Extract<ReviewAlert, { kind: "satisfaction_drop" }>[] = [];
  if (before) {
    const now = cellsOf(current.map);
    const then = cellsOf(before.map);
    const keys = [...now.keys(), ...[...then.keys()].filter((k) => !now.has(k))];
    for (const key of keys) {
      const found = now.get(key) ?? then.get(key);
      if (!found) continue;
      const a = then.get(key)?.cell ?? EMPTY_CELL;
      const b = now.get(key)?.cell ?? EMPTY_CELL;
      const change = {
        stage: found.stage,
        touchpoint: found.touchpoint,
        customers: delta(a.customers, b.customers),
        satisfaction: delta(a.satisfaction.mean, b.satisfaction.mean),
        nextStageShare: delta(a.nextStageShare, b.nextStageShare),
      };
      if (moved(change.customers) || moved(change.satisfaction) || moved(change.nextStageShare)) {
        cells.push(change);
      }
      const threshold = input.satisfactionDrop;
      if (
        threshold !== null &&
        a.satisfaction.mean !== null &&
        b.satisfaction.mean !== null &&
        a.satisfaction.n >= MIN_RATINGS &&
        b.satisfaction.n >= MIN_RATINGS &&
        a.satisfaction.mean - b.satisfaction.mean > threshold + EPSILON
      ) {
        satisfactionDrops.push({
          kind: "satisfaction_drop",
          stage: found.stage,
          touchpoint: found.touchpoint,
          before: a.satisfaction.mean,
          after: b.satisfaction.mean,
          threshold,
        });
      }
    }
  }
  const position = (stage: string) => stageOrder.get(stage) ?? Number.MAX_SAFE_INTEGER;
  cells.sort(
    (x, y) =>
      cellChangeSize(y) - cellChangeSize(x) ||
      position(x.stage) - position(y.stage) ||
      x.touchpoint.localeCompare(y.touchpoint),
  );
  satisfactionDrops.sort(
    (x, y) =>
      y.before - y.after - (x.before - x.after) ||
      position(x.stage) - position(y.stage) ||
      x.touchpoint.localeCompare(y.touchpoint),
  );

  // Stage metrics measured against a target now or at the previous review.
  const thenMetrics = before ? metricsByKey(before) : new Map<string, StageMetricValue>();
  const stageMetrics: ReviewStageMetricChange[] = [];
  const targetCrossings: Extract<ReviewAlert, { kind: "target_crossed" }>[] = [];
  for (const stage of current.stageMetrics.stages) {
    for (const metric of stage.metrics) {
      const then = thenMetrics.get(JSON.stringify([stage.stage, metric.key]));
      if (metric.target === null && (then?.target ?? null) === null) continue;
      stageMetrics.push({
        stage: stage.stage,
        metric: metric.key,
        name: metric.name,
        before: then?.value ?? null,
        after: metric.value,
        target: metric.target,
        statusBefore: then?.status ?? null,
        statusAfter: metric.status,
      });
      const was = then?.status;
      const is = metric.status;
      if (
        metric.target !== null &&
        (was === "met" || was === "missed") &&
        (is === "met" || is === "missed") &&
        was !== is
      ) {
        targetCrossings.push({
          kind: "target_crossed",
          stage: stage.stage,
          metric: metric.key,
          name: metric.name,
          value: metric.value,
          target: metric.target,
          now: is,
        });
      }
    }
  }

  // Pain points by kind, stage and touchpoint. The first review has nothing to compare with:
  // today's are ongoing, none new.
  const thenPains = new Set((before?.map.painPoints ?? []).map(painKey));
  const nowPains = new Set(current.map.painPoints.map(painKey));
  const painPoints = before
    ? {
        new: current.map.painPoints.filter((p) => !thenPains.has(painKey(p))),
        resolved: before.map.painPoints.filter((p) => !nowPains.has(painKey(p))),
        ongoing: current.map.painPoints.filter((p) => thenPains.has(painKey(p))),
      }
    : { new: [], resolved: [], ongoing: current.map.painPoints };

  // Comments written, and threads resolved, after the previous review and up to this one.
  const since = before?.takenAt.getTime();
  const until = current.takenAt.getTime();
  const within = (at: Date | null) =>
    since !== undefined && at !== null && at.getTime() > since && at.getTime() <= until;
  const added = input.annotations
    .filter((a) => within(a.createdAt))
    .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id - y.id)
    .map((a) => ({
      id: a.id,
      kind: a.kind,
      target: a.target,
      body: a.body,
      authorName: a.authorName,
      createdAt: a.createdAt,
    }));
  const resolved = input.annotations.filter(
    (a) => a.parentId === null && within(a.resolvedAt),
  ).length;

  return {
    previous: input.previous
      ? {
          reviewId: input.previous.reviewId,
          dueAt: input.previous.dueAt,
          period: input.previous.snapshot.period,
        }
      : null,
    stages,
    cells,
    stageMetrics,
    painPoints,
    comments: { added, resolved },
    alerts: [...targetCrossings, ...satisfactionDrops],
  };
}

/**
 * Stored changes with their dates back: each date by its path, the rest spread as stored, so a
 * date field added to the types and not revived here is a type error.
 */
export function reviveChanges(stored: StoredReviewChanges): ReviewChanges {
  return {
    ...stored,
    previous:
      stored.previous === null
        ? null
        : {
            ...stored.previous,
            dueAt: new Date(stored.previous.dueAt),
            period: revivePeriod(stored.previous.period),
          },
    comments: {
      ...stored.comments,
      added: stored.comments.added.map((c) => ({ ...c, createdAt: new Date(c.createdAt) })),
    },
  };
}
