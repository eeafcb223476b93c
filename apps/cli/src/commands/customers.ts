import {
  CUSTOMER_SORT_KEYS,
  MAX_CUSTOMER_EXPORT_ROWS,
  type TCustomerSource,
  ZCustomerListParamsSchema,
} from "@parcours/validators";
import type { Command } from "commander";
import { printJson, UsageError, withMetrics } from "../context";
import { parseFilter, parseSteps, parseWindow } from "../options";
import { table } from "../table";
import { type AnalyticsOptions, withFilters } from "./with-filters";

type Options = AnalyticsOptions & {
  step?: string;
  outcome?: string;
  cell?: string;
  kpi?: string;
  personaStage?: string;
  sort?: string;
  limit?: string;
  offset?: string;
};

const OUTCOMES = ["reached", "converted", "dropped"] as const;

function whole(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} "${text}" is not a whole number`);
  return Number(text);
}

function pair(text: string, flag: string, shape: string): [string, string] {
  const [a, b, ...rest] = text.split(":");
  if (!a || !b || rest.length > 0) throw new UsageError(`--${flag} "${text}" is not ${shape}`);
  return [a, b];
}

/** Exactly one figure: a funnel step, a heatmap cell, a KPI or a persona's stage. */
function parseSource(options: Options): TCustomerSource {
  const given = [
    options.step !== undefined && "--step",
    options.cell !== undefined && "--cell",
    options.kpi !== undefined && "--kpi",
    options.personaStage !== undefined && "--persona-stage",
  ].filter(Boolean);
  if (given.length !== 1) {
    throw new UsageError(
      `name one figure: --steps … --step N [--outcome reached|converted|dropped], --cell TOUCHPOINT:STAGE, --kpi customers|converters or --persona-stage PERSONA:STAGE${given.length > 1 ? ` (got ${given.join(", ")})` : ""}`,
    );
  }
  if (options.step !== undefined) {
    const steps = parseSteps(options.steps);
    const step = whole(options.step, "step");
    if (step === undefined || step < 1 || step > steps.length) {
      throw new UsageError(`--step "${options.step}" must be from 1 to ${steps.length}`);
    }
    const outcome = options.outcome ?? "reached";
    if (!(OUTCOMES as readonly string[]).includes(outcome)) {
      throw new UsageError(`--outcome "${outcome}" must be one of ${OUTCOMES.join(", ")}`);
    }
    const windowSeconds = parseWindow(options.window);
    return {
      kind: "funnel",
      steps,
      step: step - 1,
      outcome: outcome as (typeof OUTCOMES)[number],
      ...(windowSeconds ? { windowSeconds } : {}),
    } as TCustomerSource;
  }
  if (options.cell !== undefined) {
    const [touchpoint, stage] = pair(options.cell, "cell", "TOUCHPOINT:STAGE");
    return { kind: "heatmap", touchpoint, stage };
  }
  if (options.kpi !== undefined) {
    if (options.kpi !== "customers" && options.kpi !== "converters") {
      throw new UsageError(`--kpi "${options.kpi}" must be customers or converters`);
    }
    return { kind: "kpi", kpi: options.kpi };
  }
  const [persona, stage] = pair(options.personaStage ?? "", "persona-stage", "PERSONA:STAGE");
  return { kind: "persona-stage", persona, stage };
}

function parseSort(text: string | undefined) {
  if (text === undefined) return undefined;
  const [by = "", dir = by === "externalId" ? "asc" : "desc"] = text.split(":");
  if (
    !(CUSTOMER_SORT_KEYS as readonly string[]).includes(by) ||
    (dir !== "asc" && dir !== "desc")
  ) {
    throw new UsageError(
      `--sort "${text}" must be one of ${CUSTOMER_SORT_KEYS.join(", ")}, optionally :asc or :desc`,
    );
  }
  return { by, dir };
}

export function registerCustomers(program: Command): void {
  withFilters(
    program
      .command("customers")
      .description("the customers behind a figure (drill-down): one page, or --all up to 10,000")
      .option("--steps <steps>", "funnel steps, as for `parcours funnel`")
      .option("--step <n>", "the funnel step (1-based) whose customers to list")
      .option(
        "--outcome <outcome>",
        "reached (default), converted (to the next step) or dropped (at this step)",
      )
      .option("--window <duration>", "conversion window, e.g. 30d", "30d")
      .option("--cell <touchpoint:stage>", "a heatmap cell")
      .option("--kpi <kpi>", "customers (active) or converters")
      .option("--persona-stage <persona:stage>", "a persona's (or unassigned) reach of a stage")
      .option("--sort <key[:dir]>", `${CUSTOMER_SORT_KEYS.join(", ")}; :asc or :desc`)
      .option("--limit <n>", "customers per page (1–200)", "50")
      .option("--offset <n>", "customers to skip", "0")
      .option("--all", `every customer, up to ${MAX_CUSTOMER_EXPORT_ROWS}`),
  ).action((options: Options & { all?: boolean }) => {
    const filter = parseFilter(options);
    const source = parseSource(options);
    const sort = parseSort(options.sort);
    const params = ZCustomerListParamsSchema.parse({
      filter,
      source,
      ...(sort ? { sort } : {}),
      offset: options.all ? 0 : (whole(options.offset, "offset") ?? 0),
      limit: options.all ? 1 : (whole(options.limit, "limit") ?? 50),
    });
    return withMetrics(async (metrics) => {
      const list = await metrics.getCustomerList({
        ...params,
        ...(options.all ? { limit: MAX_CUSTOMER_EXPORT_ROWS } : {}),
      });
      const truncated = list.offset + list.rows.length < list.total;
      if (options.all && truncated) {
        process.stderr.write(
          `parcours: ${list.total} customers; --all lists the first ${MAX_CUSTOMER_EXPORT_ROWS}: narrow the period or the filters for the rest\n`,
        );
      }
      if (options.json) return printJson(list);
      console.log(
        table(
          ["customer", "persona", "first seen", "last seen", "events", "revenue", "rating (n)"],
          list.rows.map((r) => [
            r.externalId,
            r.persona ?? "—",
            r.firstSeen.toISOString(),
            r.lastSeen.toISOString(),
            r.events,
            r.revenue.toFixed(2),
            r.rating.mean === null ? "—" : `${r.rating.mean.toFixed(2)} (${r.rating.n})`,
          ]),
        ),
      );
      console.log(
        `${list.offset + 1}–${list.offset + list.rows.length} of ${list.total} customers`,
      );
    });
  });
}
