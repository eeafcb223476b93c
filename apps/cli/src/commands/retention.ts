import type { Retention, RetentionCell } from "@parcours/db/metrics";
import {
  MAX_RETENTION_PERIODS,
  RETENTION_COHORTS,
  RETENTION_MODES,
  retentionCohortProblem,
  type TRetentionCohort,
  type TRetentionMode,
} from "@parcours/validators";
import type { Command } from "commander";
import { printJson, UsageError, withMetrics } from "../context";
import { parseFilter } from "../options";
import { pct, table } from "../table";
import { type AnalyticsOptions, withFilters } from "./with-filters";

type RetentionOptions = AnalyticsOptions & { cohort: string; mode: string; periods: string };

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be ${allowed.join(" or ")}, not "${value}"`);
}

function parsePeriods(text: string): number {
  const periods = Number(text);
  if (!Number.isInteger(periods) || periods < 1 || periods > MAX_RETENTION_PERIODS) {
    throw new UsageError(
      `--periods "${text}" must be a whole number from 1 to ${MAX_RETENTION_PERIODS}`,
    );
  }
  return periods;
}

/** A cell as the table prints it: the share, `*` while under way, blank before it begins. */
function cellText(cell: RetentionCell): string {
  if (cell.status === "future") return "";
  const share = pct(cell.share) ?? "—";
  return cell.status === "incomplete" ? `${share}*` : share;
}

function printTable(result: Retention): void {
  const unit = result.cohort === "week" ? "W" : "M";
  const periods = Array.from({ length: result.periods + 1 }, (_, k) => `${unit}${k}`);
  const day = (d: Date) => d.toISOString().slice(0, result.cohort === "week" ? 10 : 7);
  console.log(
    `${result.customers} customers made their first purchase in the period; ` +
      (result.mode === "any" ? "back with any event" : "purchased again") +
      ` in each ${result.cohort} after it (* under way, blank not begun).`,
  );
  console.log(
    table(
      ["cohort", "customers", ...periods],
      [
        ...result.cohorts.map((c) => [
          `${day(c.start)}${c.partial ? " (part)" : ""}`,
          c.customers,
          ...c.cells.map(cellText),
        ]),
        ["average", null, ...result.average.map((a) => pct(a.share) ?? "")],
      ],
    ),
  );
}

export function registerRetention(program: Command): void {
  withFilters(
    program
      .command("retention")
      .description("repeat behaviour by cohort of first purchase (weeks or months)"),
  )
    .option(`--cohort <unit>`, "cohorts and periods: week (ISO, UTC) or month (UTC)", "week")
    .option("--mode <mode>", "any (back with any event) or purchase (purchased again)", "any")
    .option("--periods <n>", `periods after the cohort's own, 1–${MAX_RETENTION_PERIODS}`, "12")
    .action((options: RetentionOptions) => {
      const cohort = oneOf<TRetentionCohort>("cohort", options.cohort, RETENTION_COHORTS);
      const mode = oneOf<TRetentionMode>("mode", options.mode, RETENTION_MODES);
      const periods = parsePeriods(options.periods);
      const filter = parseFilter(options);
      const problem = retentionCohortProblem(filter.from, filter.to, cohort);
      if (problem) throw new UsageError(problem);
      return withMetrics(async (metrics) => {
        const result = await metrics.getRetention({ filter, cohort, mode, periods });
        if (options.json) return printJson(result);
        printTable(result);
      });
    });
}
