import type { Command } from "commander";
import { printJson, UsageError, withMetrics } from "../context";
import {
  collect,
  parseBreakdownOption,
  parseExclusions,
  parseFilter,
  parseSteps,
  parseWindow,
} from "../options";
import { duration, pct, table } from "../table";
import { type CompareCliOptions, comparisonTable, parseCompareSide } from "./funnel-compare";
import { type AnalyticsOptions as Options, withFilters } from "./with-filters";

export function registerFunnel(program: Command): void {
  withFilters(
    program
      .command("funnel")
      .description("stage/touchpoint funnel (windowFunnel semantics)")
      .requiredOption(
        "--steps <steps>",
        "2–10 steps: stage keys or touchpoint:KEY, optionally @type",
      )
      .option("--window <duration>", "conversion window, e.g. 30d, 12h", "30d")
      .option(
        "--exclude <step:key>",
        "STEP:TOUCHPOINT or STEP:@TYPE (repeatable): drop chains with such an event strictly between step STEP−1 and STEP",
        collect,
      )
      .option(
        "--breakdown <by>",
        "one funnel per persona, attribute:KEY or property:KEY (its value on the first entry)",
      )
      .option("--top <n>", "with --breakdown attribute/property: values shown, 1–20", undefined)
      .option(
        "--compare-period <period>",
        "beside the funnel over previous, last-year or FROM..TO (same filters), B − A per step",
      )
      .option("--compare-persona <key>", "beside the funnel for a persona (same period), B − A")
      .option(
        "--histogram",
        "time from the first step to each later one, in hours (W ≤ 2d), days (≤ 60d) or weeks",
      ),
  ).action(
    (
      options: Options &
        CompareCliOptions & {
          histogram?: boolean;
          breakdown?: string;
          top?: string;
          exclude?: string[];
        },
    ) => {
      const filter = parseFilter(options);
      const steps = parseExclusions(parseSteps(options.steps), options.exclude);
      const windowSeconds = parseWindow(options.window);
      const breakdown = parseBreakdownOption(options.breakdown, options.top);
      if (breakdown && options.histogram) {
        throw new UsageError("--breakdown and --histogram go separately: choose one");
      }
      const compare = parseCompareSide(options, filter);
      if (compare && (breakdown || options.histogram)) {
        throw new UsageError("--compare-… goes without --breakdown and --histogram: choose one");
      }
      return withMetrics(async (metrics) => {
        if (compare) {
          // Loaded on demand, as the engine is: the CLI starts without the metrics modules.
          const { compareFunnels } = await import("@parcours/db/metrics");
          const result = await compareFunnels(metrics, {
            filter,
            steps,
            b: compare,
            ...(windowSeconds ? { windowSeconds } : {}),
          });
          if (options.json) return printJson(result);
          console.log(comparisonTable(result));
          return;
        }
        if (breakdown) {
          const result = await metrics.getFunnelBreakdown({
            filter,
            steps,
            breakdown,
            ...(windowSeconds ? { windowSeconds } : {}),
          });
          if (options.json) return printJson(result);
          const label = (s: (typeof result.series)[number]) =>
            s.kind === "value" ? (s.name ?? s.value ?? "") : `(${s.kind})`;
          console.log(
            table(
              [breakdown.kind, "step", "customers", "from previous", "overall", "median time"],
              result.series.flatMap((s) =>
                s.funnel.steps.map((step) => [
                  label(s),
                  step.key,
                  step.customers,
                  pct(step.conversionFromPrevious),
                  pct(step.conversionOverall),
                  duration(step.medianSecondsToStep),
                ]),
              ),
            ),
          );
          return;
        }
        if (options.histogram) {
          const times = await metrics.getFunnelTimes({
            filter,
            steps,
            ...(windowSeconds ? { windowSeconds } : {}),
          });
          if (options.json) return printJson(times);
          const unit = { hour: 3600, day: 86400, week: 7 * 86400 }[times.unit];
          // Bins as "from–to" in the unit; empty bins are left out of the table, not of --json.
          const edge = (seconds: number) => String(Number((seconds / unit).toFixed(2)));
          console.log(
            table(
              ["step", `${times.unit}s after the first step`, "customers"],
              times.steps.flatMap((s) =>
                s.bins
                  .filter((b) => b.customers > 0)
                  .map((b) => [s.key, `${edge(b.fromSeconds)}–${edge(b.toSeconds)}`, b.customers]),
              ),
            ),
          );
          return;
        }
        const result = await metrics.getFunnel({
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
            [
              "step",
              "customers",
              "from previous",
              "overall",
              "drop-off",
              "median time",
              "p90 time",
            ],
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
        for (const [i, step] of steps.entries()) {
          if (!step.exclude) continue;
          const what = [
            ...(step.exclude.touchpoints ?? []),
            ...(step.exclude.types ?? []).map((type) => `@${type}`),
          ];
          console.log(`step ${i + 1} excludes, since step ${i}: ${what.join(", ")}`);
        }
      });
    },
  );
}
