import type { Command } from "commander";
import { printJson, withMetrics } from "../context";
import { parseFilter, parseWindow } from "../options";
import { dec, pct, table } from "../table";
import { registerPersonaSuggest } from "./personas-suggest";
import { type AnalyticsOptions as Options, withFilters } from "./with-filters";

/** kpis, personas, heatmap and emotion: one query each, JSON or a table. */
export function registerMetrics(program: Command): void {
  withFilters(program.command("kpis").description("overview KPIs with the previous period")).action(
    (options: Options) => {
      const filter = parseFilter(options);
      return withMetrics(async (metrics) => {
        const k = await metrics.getOverviewKpis({ filter });
        if (options.json) return printJson(k);
        const row = (label: string, pick: (p: typeof k.current) => string | number | null) => [
          label,
          pick(k.current),
          pick(k.previous),
        ];
        console.log(
          table(
            ["KPI", "period", "previous period"],
            [
              row("active customers", (p) => p.activeCustomers),
              row("events", (p) => p.events),
              row(`conversion (${k.conversionStage})`, (p) => pct(p.conversionRate)),
              row("revenue", (p) => p.revenue.toFixed(2)),
              row(
                "satisfaction",
                (p) => `${dec(p.satisfaction.mean) ?? "—"} (n = ${p.satisfaction.n})`,
              ),
            ],
          ),
        );
      });
    },
  );

  const personas = withFilters(program.command("personas").description("persona breakdown"));
  registerPersonaSuggest(personas);
  personas.action((options: Options) => {
    const filter = parseFilter(options);
    return withMetrics(async (metrics) => {
      const b = await metrics.getPersonaBreakdown({ filter });
      if (options.json) return printJson(b);
      console.log(
        table(
          ["persona", "customers", "events", "conversion", "satisfaction (n)", "revenue", "AOV"],
          b.personas.map((p) => [
            p.persona,
            p.activeCustomers,
            p.events,
            pct(p.conversionRate),
            `${dec(p.satisfaction.mean) ?? "—"} (${p.satisfaction.n})`,
            p.revenue.toFixed(2),
            dec(p.averageOrderValue),
          ]),
        ),
      );
    });
  });

  withFilters(
    program
      .command("heatmap")
      .description("touchpoint × stage heatmap")
      .option("--window <duration>", "window for the next-stage share", "30d"),
  ).action((options: Options) => {
    const filter = parseFilter(options);
    const windowSeconds = parseWindow(options.window);
    return withMetrics(async (metrics) => {
      const h = await metrics.getTouchpointHeatmap({
        filter,
        ...(windowSeconds ? { windowSeconds } : {}),
      });
      if (options.json) return printJson(h);
      console.log(
        table(
          ["touchpoint", "channel", ...h.stages.map((s) => s.key)],
          h.rows.map((r) => [
            r.touchpoint,
            r.channel,
            ...r.cells.map((c) => (c.events === 0 ? "" : c.events)),
          ]),
        ),
      );
    });
  });

  withFilters(
    program.command("emotion").description("satisfaction per stage (the emotion curve)"),
  ).action((options: Options) => {
    const filter = parseFilter(options);
    return withMetrics(async (metrics) => {
      const e = await metrics.getEmotionCurve({ filter });
      if (options.json) return printJson(e);
      const series = [e.overall, ...e.personas];
      console.log(
        table(
          ["series", ...e.stages.map((s) => s.key)],
          series.map((s) => [
            s.series,
            ...s.points.map((p) =>
              p.satisfaction.mean === null
                ? null
                : `${p.satisfaction.mean.toFixed(2)} (${p.satisfaction.n})`,
            ),
          ]),
        ),
      );
    });
  });
}
