import {
  getEmotionCurve,
  getFunnel,
  getOverviewKpis,
  getPersonaBreakdown,
  getTouchpointHeatmap,
} from "@parcours/db/queries";
import type { Command } from "commander";
import { printJson, withDatabase } from "../context";
import { collect, type FilterOptions, parseFilter, parseSteps, parseWindow } from "../options";
import { dec, duration, pct, table } from "../table";

function withFilters(command: Command): Command {
  return command
    .requiredOption("--from <iso>", "period start (included)")
    .requiredOption("--to <iso>", "period end (excluded)")
    .option(
      "--persona <keys>",
      "persona keys (repeat or comma-separate; `unassigned` too)",
      collect,
    )
    .option("--channel <keys>", "channel keys (repeat or comma-separate)", collect)
    .option("--json", "print JSON only");
}

type Options = FilterOptions & { json?: boolean; steps?: string; window?: string };

export function registerAnalytics(program: Command): void {
  withFilters(
    program
      .command("funnel")
      .description("stage/touchpoint funnel (windowFunnel semantics)")
      .requiredOption(
        "--steps <steps>",
        "2–10 steps: stage keys or touchpoint:KEY, optionally @type",
      )
      .option("--window <duration>", "conversion window, e.g. 30d, 12h", "30d"),
  ).action((options: Options) => {
    const filter = parseFilter(options);
    const steps = parseSteps(options.steps);
    const windowSeconds = parseWindow(options.window);
    return withDatabase(async ({ db }) => {
      const result = await getFunnel(db, {
        filter,
        steps,
        ...(windowSeconds ? { windowSeconds } : {}),
      });
      const rows = result.steps.map((s) => ({
        key: s.key,
        customers: s.customers,
        conversionFromPrevious: s.conversionFromPrevious,
        conversionOverall: s.conversionOverall,
        dropOff: s.dropOff,
        medianSecondsToStep: s.medianSecondsToStep,
        p90SecondsToStep: s.p90SecondsToStep,
      }));
      if (options.json) return printJson({ steps: rows });
      console.log(
        table(
          ["step", "customers", "from previous", "overall", "drop-off", "median time", "p90 time"],
          rows.map((r) => [
            r.key,
            r.customers,
            pct(r.conversionFromPrevious),
            pct(r.conversionOverall),
            r.dropOff,
            duration(r.medianSecondsToStep),
            duration(r.p90SecondsToStep),
          ]),
        ),
      );
    });
  });

  withFilters(program.command("kpis").description("overview KPIs with the previous period")).action(
    (options: Options) => {
      const filter = parseFilter(options);
      return withDatabase(async ({ db }) => {
        const k = await getOverviewKpis(db, { filter });
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

  withFilters(program.command("personas").description("persona breakdown")).action(
    (options: Options) => {
      const filter = parseFilter(options);
      return withDatabase(async ({ db }) => {
        const b = await getPersonaBreakdown(db, { filter });
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
    },
  );

  withFilters(
    program
      .command("heatmap")
      .description("touchpoint × stage heatmap")
      .option("--window <duration>", "window for the next-stage share", "30d"),
  ).action((options: Options) => {
    const filter = parseFilter(options);
    const windowSeconds = parseWindow(options.window);
    return withDatabase(async ({ db }) => {
      const h = await getTouchpointHeatmap(db, {
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
    return withDatabase(async ({ db }) => {
      const e = await getEmotionCurve(db, { filter });
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
