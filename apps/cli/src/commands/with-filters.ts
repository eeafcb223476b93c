import type { Command } from "commander";
import { collect, type FilterOptions } from "../options";

/** The period and filters every analytics command takes. */
export function withFilters(command: Command): Command {
  return command
    .requiredOption("--from <iso>", "period start, included (UTC unless an offset is given)")
    .requiredOption("--to <iso>", "period end, excluded")
    .option(
      "--persona <keys>",
      "persona keys (repeat or comma-separate; `unassigned` too)",
      collect,
    )
    .option("--channel <keys>", "channel keys (repeat or comma-separate)", collect)
    .option("--in-cohort <id>", "only the customers of this cohort (parcours cohorts list)")
    .option("--json", "print JSON only");
}

export type AnalyticsOptions = FilterOptions & { json?: boolean; steps?: string; window?: string };
