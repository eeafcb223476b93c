import type { Command } from "commander";
import { printJson, UsageError, withMetrics } from "../context";
import { parseBreakdownOption, parseFilter, parseWindow } from "../options";
import { dec, pct, table } from "../table";
import { registerPersonaSuggest } from "./personas-suggest";
import { type AnalyticsOptions as Options, withFilters } from "./with-filters";

/** kpis, personas, heatmap and emotion: one query each, JSON or a table. */
export function registerMetrics(program: Command): void {
  withFilters(
    program
      .command("kpis")
      .description("overview KPIs with the previous period, or broken down by a value")
      .option(
        "--breakdown <by>",
        "the period's KPIs by attribute:KEY (the customer's now) or property:KEY (on the customer's first event in the period)",
      )
      .option("--top <n>", "with --breakdown: values shown, 1–20 (default 5), the rest as other"),
  ).action((options: Options & { breakdown?: string; top?: string }) => {
    const filter = parseFilter(options);
    const breakdown = parseBreakdownOption(options.breakdown, options.top);
    if (breakdown?.kind === "persona") {
      throw new UsageError(
        "--breakdown persona: `parcours personas` gives the KPIs by persona; use attribute:KEY or property:KEY",
      );
    }
    return withMetrics(async (metrics) => {
      if (breakdown) {
        const b = await metrics.getKpiBreakdown({ filter, breakdown });
        if (options.json) return printJson(b);
        const label = (s: (typeof b.series)[number]) =>
          s.kind === "value" ? (s.value ?? "") : `(${s.kind})`;
        console.log(
          table(
            [
              `${breakdown.kind}:${breakdown.key}`,
              "active customers",
              "events",
              `conversion (${b.conversionStage})`,
              "revenue",
              "satisfaction (n)",
            ],
            b.series.map((s) => [
              label(s),
              s.kpis.activeCustomers,
              s.kpis.events,
              pct(s.kpis.conversionRate),
              s.kpis.revenue.toFixed(2),
              `${dec(s.kpis.satisfaction.mean) ?? "—"} (${s.kpis.satisfaction.n})`,
            ]),
          ),
        );
        return;
      }
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
  });

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
