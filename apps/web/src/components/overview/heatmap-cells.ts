import type { HeatmapCell, TouchpointHeatmap } from "@parcours/db/metrics";
import type { HeatmapCellData, HeatmapGroup } from "@parcours/ui/heatmap";
import type { THeatmapMetric } from "~/filters/search-params";
import type { TFormatters } from "~/lib/use-formatters";

/** Below this many customers a next-stage share is shown as a sample size, not a rate. */
export const MIN_CUSTOMERS_FOR_SHARE = 10;

export interface THeatmapText {
  tooFew: (n: number) => string;
  tooltip: (cell: {
    touchpoint: string;
    stage: string;
    events: string;
    customers: string;
    satisfaction: string;
    next: string;
  }) => string;
  noRatings: string;
  noEvents: (cell: { touchpoint: string; stage: string }) => string;
  lastStage: string;
  share: (share: string, nextStage: string) => string;
  rating: (mean: string, n: string) => string;
}

function cellValue(
  cell: HeatmapCell,
  metric: THeatmapMetric,
  f: TFormatters,
  text: THeatmapText,
): Pick<HeatmapCellData, "value" | "n" | "sufficient" | "display"> {
  if (cell.events === 0) return { value: null, n: 0, sufficient: true, display: "" };
  if (metric === "volume") {
    return {
      value: cell.events,
      n: cell.customers,
      sufficient: true,
      display: f.compact(cell.events),
    };
  }
  if (metric === "satisfaction") {
    const s = cell.satisfaction;
    if (s.mean === null) return { value: null, n: 0, sufficient: true, display: "" };
    return {
      value: s.mean,
      n: s.n,
      sufficient: s.sufficient,
      display: s.sufficient ? f.rating(s.mean) : text.tooFew(s.n),
    };
  }
  if (cell.nextStageShare === null)
    return { value: null, n: cell.customers, sufficient: true, display: "" };
  const sufficient = cell.customers >= MIN_CUSTOMERS_FOR_SHARE;
  return {
    value: cell.nextStageShare,
    n: cell.customers,
    sufficient,
    display: sufficient ? f.percent(cell.nextStageShare) : text.tooFew(cell.customers),
  };
}

/** The API's matrix as the Heatmap component's groups (one per channel), for one metric. */
export function heatmapGroups(
  heatmap: TouchpointHeatmap,
  metric: THeatmapMetric,
  f: TFormatters,
  text: THeatmapText,
  stageLabel: (key: string) => string,
): HeatmapGroup[] {
  const nextOf = new Map(heatmap.stages.map((s) => [s.key, s.nextStage]));
  return heatmap.channels
    .map((channel) => ({
      key: channel.key,
      label: channel.name,
      rows: heatmap.rows
        .filter((row) => row.channel === channel.key)
        .map((row) => ({
          key: row.touchpoint,
          label: row.name,
          cells: row.cells.map((cell): HeatmapCellData => {
            const next = nextOf.get(cell.stage) ?? null;
            const s = cell.satisfaction;
            return {
              stage: cell.stage,
              ...cellValue(cell, metric, f, text),
              tooltip:
                cell.events === 0
                  ? text.noEvents({ touchpoint: row.name, stage: stageLabel(cell.stage) })
                  : text.tooltip({
                      touchpoint: row.name,
                      stage: stageLabel(cell.stage),
                      events: f.integer(cell.events),
                      customers: f.integer(cell.customers),
                      satisfaction:
                        s.mean === null
                          ? text.noRatings
                          : text.rating(s.sufficient ? f.rating(s.mean) : "—", f.integer(s.n)),
                      next:
                        next === null || cell.nextStageShare === null
                          ? text.lastStage
                          : text.share(f.percent(cell.nextStageShare), stageLabel(next)),
                    }),
            };
          }),
        })),
    }))
    .filter((group) => group.rows.length > 0);
}
