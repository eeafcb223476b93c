import type { TActionMetric, TAnalyticsFilter } from "@parcours/validators";
import type { StageMetrics, StageMetricValue } from "./stage-metrics";

/*
 * The metric an action should move, read around the action's own dates (docs/metrics.md,
 * "Actions"). With L the length of the view's period:
 * - done: the L before its completion against the L after it (up to now);
 * - planned, in progress or dropped: the L before it was planned against the view's period;
 * - an idea: the view's period only.
 * Each window is evaluated under the view's filters, by the stage metrics of either engine.
 */

export interface ActionForMetrics {
  id: number;
  status: "idea" | "planned" | "in_progress" | "done" | "dropped";
  metric: TActionMetric | null;
  plannedAt: Date | null;
  doneAt: Date | null;
}

export interface ActionMetricWindow {
  from: Date;
  to: Date;
  /** The metric over the window, with its sample and its status against the target. */
  value: StageMetricValue | null;
}

export interface ActionMetricReading {
  /** The action (its opportunity's id). */
  id: number;
  metric: TActionMetric;
  /** What the two windows compare: "now" alone, "planning" then now, or "completion". */
  basis: "now" | "planning" | "completion";
  before: ActionMetricWindow | null;
  after: ActionMetricWindow;
}

export async function readActionMetrics(
  stageMetrics: (filter: TAnalyticsFilter) => Promise<StageMetrics>,
  viewFilter: TAnalyticsFilter,
  actions: readonly ActionForMetrics[],
  now: Date = new Date(),
): Promise<ActionMetricReading[]> {
  const length = viewFilter.to.getTime() - viewFilter.from.getTime();
  // One evaluation per distinct window, however many actions share it.
  const evaluated = new Map<string, Promise<StageMetrics>>();
  const evaluate = (from: Date, to: Date) => {
    const key = `${from.getTime()}:${to.getTime()}`;
    let answer = evaluated.get(key);
    if (!answer) {
      answer = stageMetrics({ ...viewFilter, from, to });
      evaluated.set(key, answer);
    }
    return answer;
  };
  const window = async (
    metric: TActionMetric,
    from: Date,
    to: Date,
  ): Promise<ActionMetricWindow> => {
    const metrics = await evaluate(from, to);
    const value =
      metrics.stages
        .find((s) => s.stage === metric.stage)
        ?.metrics.find((m) => m.key === metric.metric) ?? null;
    return { from, to, value };
  };

  const readings: ActionMetricReading[] = [];
  for (const action of actions) {
    const metric = action.metric;
    if (!metric) continue;
    if (action.status === "done" && action.doneAt) {
      const done = action.doneAt;
      const end = new Date(Math.min(done.getTime() + length, now.getTime()));
      readings.push({
        id: action.id,
        metric,
        basis: "completion",
        before: await window(metric, new Date(done.getTime() - length), done),
        // Done just now: the "after" window is empty until time passes.
        after: await window(metric, done, end.getTime() > done.getTime() ? end : done),
      });
    } else if (action.plannedAt) {
      const planned = action.plannedAt;
      readings.push({
        id: action.id,
        metric,
        basis: "planning",
        before: await window(metric, new Date(planned.getTime() - length), planned),
        after: await window(metric, viewFilter.from, viewFilter.to),
      });
    } else {
      readings.push({
        id: action.id,
        metric,
        basis: "now",
        before: null,
        after: await window(metric, viewFilter.from, viewFilter.to),
      });
    }
  }
  return readings;
}
