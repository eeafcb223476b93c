import type { Command } from "commander";
import { printJson, withMetrics } from "../context";
import { parseFilter, parseSteps, parseWindow } from "../options";
import { duration, pct, table } from "../table";
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
      .option("--window <duration>", "conversion window, e.g. 30d, 12h", "30d"),
  ).action((options: Options) => {
    const filter = parseFilter(options);
    const steps = parseSteps(options.steps);
    const windowSeconds = parseWindow(options.window);
    return withMetrics(async (metrics) => {
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
}
