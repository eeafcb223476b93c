import type { TAnalyticsFilter } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import {
  num,
  numOrNull,
  type ResolvedFilter,
  ratio,
  type Satisfaction,
  satisfaction,
} from "./filter";

export interface GetTouchpointHeatmapParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
  /** W for the next-stage share, in seconds (default 30 days). */
  windowSeconds?: number;
}

export interface HeatmapCell {
  touchpoint: string;
  stage: string;
  events: number;
  customers: number;
  satisfaction: Satisfaction;
  /** Customers who reached the next stage within W after touching this cell. */
  reachedNextStage: number;
  /** reachedNextStage ÷ customers; null for the last stage or an empty cell. */
  nextStageShare: number | null;
}

export interface HeatmapRow {
  touchpoint: string;
  name: string;
  channel: string;
  /** The stage the touchpoint sits in on the map (events may override it). */
  homeStage: string;
  /** One cell per stage, in stage order; empty cells have zero counts. */
  cells: HeatmapCell[];
}

export interface TouchpointHeatmap {
  stages: { key: string; name: string; nextStage: string | null }[];
  channels: { key: string; name: string }[];
  /** Rows grouped by channel (channel key order), then by home stage and key. */
  rows: HeatmapRow[];
  windowSeconds: number;
}

/** Stage id → the id of the stage after it in catalogue order (the last stage has none). */
export function nextStages(stages: { id: number }[]): Map<number, number> {
  const nextOf = new Map<number, number>();
  stages.forEach((stage, i) => {
    const next = stages[i + 1];
    if (next) nextOf.set(stage.id, next.id);
  });
  return nextOf;
}

/** One cell's counts, as either engine's SQL returns them. */
export interface HeatmapCellRow {
  touchpoint_id: number;
  stage_id: number;
  events: number | string;
  customers: number | string;
  reached: number | string;
  sat_sum: number | string | null;
  sat_n: number | string;
}

/** The matrix from the cells' counts: every selected touchpoint × every stage, in map order. */
export function buildHeatmap(
  f: ResolvedFilter,
  rows: HeatmapCellRow[],
  windowSeconds: number,
): TouchpointHeatmap {
  const stages = f.catalogue.stages;
  const nextOf = nextStages(stages);
  const byCell = new Map(rows.map((r) => [`${r.touchpoint_id}:${r.stage_id}`, r]));
  const channelOrder = new Map(f.catalogue.channels.map((c, i) => [c.key, i]));
  const stagePos = new Map(stages.map((s, i) => [s.key, i]));
  const touchpoints = f.touchpointIds
    ? f.catalogue.touchpoints.filter((t) => f.touchpointIds?.includes(t.id))
    : f.catalogue.touchpoints;
  const channelKeys = f.channelIds
    ? new Set(f.catalogue.channels.filter((c) => f.channelIds?.includes(c.id)).map((c) => c.key))
    : undefined;

  const heatmapRows = touchpoints
    .filter((t) => !channelKeys || channelKeys.has(t.channel))
    .sort(
      (a, b) =>
        (channelOrder.get(a.channel) ?? 0) - (channelOrder.get(b.channel) ?? 0) ||
        (stagePos.get(a.stage) ?? 0) - (stagePos.get(b.stage) ?? 0) ||
        a.key.localeCompare(b.key),
    )
    .map(
      (t): HeatmapRow => ({
        touchpoint: t.key,
        name: t.name,
        channel: t.channel,
        homeStage: t.stage,
        cells: stages.map((stage): HeatmapCell => {
          const row = byCell.get(`${t.id}:${stage.id}`);
          const customers = num(row?.customers);
          const reached = num(row?.reached);
          const isLast = !nextOf.has(stage.id);
          return {
            touchpoint: t.key,
            stage: stage.key,
            events: num(row?.events),
            customers,
            satisfaction: satisfaction(numOrNull(row?.sat_sum), num(row?.sat_n)),
            reachedNextStage: reached,
            nextStageShare: isLast ? null : ratio(reached, customers),
          };
        }),
      }),
    );

  return {
    stages: stages.map((s, i) => ({
      key: s.key,
      name: s.name,
      nextStage: stages[i + 1]?.key ?? null,
    })),
    channels: f.catalogue.channels
      .filter((c) => !channelKeys || channelKeys.has(c.key))
      .map((c) => ({ key: c.key, name: c.name })),
    rows: heatmapRows,
    windowSeconds,
  };
}
