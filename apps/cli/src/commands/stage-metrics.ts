import { type StageMetricValue, withPreviousValues } from "@parcours/db/metrics";
import type { Command } from "commander";
import { printJson, withMetrics } from "../context";
import { parseFilter } from "../options";
import { pct, table } from "../table";
import { type AnalyticsOptions, withFilters } from "./with-filters";

/** A value as its kind reads (shares in %, durations in hours, revenue and cost with cents). */
function valueText(kind: StageMetricValue["kind"], value: number | null): string {
  if (value === null) return "—";
  switch (kind) {
    case "ratio":
    case "repeat":
      return pct(value) ?? "—";
    case "time":
      return `${(value / 3600).toFixed(1)} h`;
    case "revenue":
    case "cost":
      return value.toFixed(2);
    case "rating":
      return value.toFixed(2);
    default:
      return String(value);
  }
}

export function registerStageMetrics(program: Command): void {
  withFilters(
    program
      .command("stage-metrics")
      .description(
        "each stage's metrics against their targets, with the previous period of the same length",
      ),
  ).action((options: AnalyticsOptions) => {
    const filter = parseFilter(options);
    return withMetrics(async (metrics) => {
      const length = filter.to.getTime() - filter.from.getTime();
      const result = withPreviousValues(
        await metrics.getStageMetrics({ filter }),
        await metrics.getStageMetrics({
          filter: { ...filter, from: new Date(filter.from.getTime() - length), to: filter.from },
        }),
      );
      if (options.json) return printJson(result);
      const rows = result.stages.flatMap((s) =>
        s.metrics.map((m) => [
          s.name,
          m.name,
          valueText(m.kind, m.value),
          m.n,
          m.target
            ? `${m.target.op === "gte" ? ">=" : "<="} ${valueText(m.kind, m.target.value)}`
            : "",
          m.status ?? "",
          valueText(m.kind, m.previous),
        ]),
      );
      if (rows.length === 0) {
        console.log("No stage has metrics yet (admin catalogue, or `parcours catalog apply`).");
        return;
      }
      console.log(table(["stage", "metric", "value", "n", "target", "status", "before"], rows));
    });
  });
}
