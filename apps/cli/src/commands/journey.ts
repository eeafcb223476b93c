import type { CellComments, JourneyMap, PainPoint } from "@parcours/db/metrics";
import { MAX_LISTED_COMMENTS } from "@parcours/validators";
import type { Command } from "commander";
import { printJson, UsageError, withMetrics } from "../context";
import { parseFilter, parseWindow } from "../options";
import { dec, pct, table } from "../table";
import { type AnalyticsOptions, withFilters } from "./with-filters";

/** The pain points' part of the journey map, in the metric's own shape. */
type PainPoints = Pick<
  JourneyMap,
  "from" | "to" | "windowSeconds" | "averageOrderValue" | "trendPeriod" | "painPoints"
>;

const rating = (mean: number | null, n: number) => `${dec(mean) ?? "—"} (${n})`;
const money = (v: number | null) => (v === null ? null : v.toFixed(2));
// Whole customers, as the journey map shows them (a fraction of one is an artefact of the rule).
const customers = (v: number | null) => (v === null ? null : Math.round(v));

function finding(p: PainPoint): string {
  return p.kind === "low_satisfaction"
    ? "low rating"
    : `drop-off: ${pct(p.share)} go on, stage ${pct(p.stageShare)}`;
}

function printPainPoints(map: JourneyMap): void {
  const cells = new Map(
    map.rows.flatMap((r) => r.cells.map((c) => [`${c.touchpoint}:${c.stage}`, c] as const)),
  );
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (map.painPoints.length === 0) {
    console.log(`No pain point from ${day(map.from)} to ${day(map.to)}.`);
    return;
  }
  console.log(
    table(
      [
        "#",
        "stage",
        "touchpoint",
        "pain point",
        "rating (n)",
        "customers",
        "lost",
        "revenue at risk",
        "lost before",
        "rating before (n)",
        "new",
      ],
      map.painPoints.map((p, i) => {
        const cell = cells.get(`${p.touchpoint}:${p.stage}`);
        return [
          i + 1,
          p.stage,
          p.touchpoint,
          finding(p),
          cell ? rating(cell.satisfaction.mean, cell.satisfaction.n) : null,
          cell?.customers ?? null,
          customers(p.customersLost),
          money(p.revenueAtRisk),
          p.trend ? customers(p.trend.customersLost) : null,
          p.trend ? rating(p.trend.mean, p.trend.n) : null,
          p.trend && !p.trend.wasPainPoint ? "new" : "",
        ];
      }),
    ),
  );
  const before = map.trendPeriod
    ? `; before: ${day(map.trendPeriod.from)} to ${day(map.trendPeriod.to)}, the period of the same length just before`
    : "";
  const aov =
    map.averageOrderValue === null
      ? "unknown (no purchase by converters), so no revenue at risk"
      : money(map.averageOrderValue);
  console.log(
    `\nRanked by customers lost: those who touched the cell and did not reach the next stage within W, beyond the stage's own rate. Revenue at risk = lost × the average order value of converters: ${aov}${before}.`,
  );
}

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_LISTED_COMMENTS) {
    throw new UsageError(
      `--limit "${text}" must be a whole number from 1 to ${MAX_LISTED_COMMENTS}`,
    );
  }
  return limit;
}

function printComments(c: CellComments): void {
  console.log(
    `${c.total} comment${c.total === 1 ? "" : "s"} at ${c.touchpoint} in ${c.stage}` +
      (c.comments.length < c.total ? `, the ${c.comments.length} lowest-rated:` : ":"),
  );
  if (c.comments.length > 0) {
    console.log(
      table(
        ["rating", "date", "customer", "comment"],
        c.comments.map((m) => [
          m.rating,
          m.occurredAt.toISOString().slice(0, 16).replace("T", " "),
          m.customer,
          m.text.replace(/\s+/g, " "),
        ]),
      ),
    );
  }
  if (c.terms.length > 0) {
    console.log(
      `\nWords that stand out (read from the latest ${c.analysed.cell} comments here and ${c.analysed.rest} in the rest of the stage):`,
    );
    console.log(
      table(
        ["term", "comments", "share", "rest of the stage"],
        c.terms.map((t) => [t.term, t.comments, pct(t.share), pct(t.restShare)]),
      ),
    );
  }
}

/** parcours pain-points and parcours comments: the journey map's frictions and their words. */
export function registerJourney(program: Command): void {
  withFilters(
    program
      .command("pain-points")
      .description(
        "the journey map's pain points ranked by customers lost, with revenue at risk and the trend against the previous period",
      )
      .option("--window <duration>", "window W for reaching the next stage", "30d"),
  ).action((options: AnalyticsOptions) => {
    const filter = parseFilter(options);
    const windowSeconds = parseWindow(options.window);
    return withMetrics(async (metrics) => {
      const map = await metrics.getJourneyMap({
        filter,
        ...(windowSeconds ? { windowSeconds } : {}),
        trend: true,
      });
      if (options.json) {
        const { from, to, averageOrderValue, trendPeriod, painPoints } = map;
        const result: PainPoints = {
          from,
          to,
          windowSeconds: map.windowSeconds,
          averageOrderValue,
          trendPeriod,
          painPoints,
        };
        return printJson(result);
      }
      printPainPoints(map);
    });
  });

  withFilters(
    program
      .command("comments")
      .summary("a journey-map cell's comments, lowest-rated first (personal data: see --help)")
      .description(
        "a journey-map cell's customers' comments, lowest-rated first, and the words that stand out; " +
          "comments are personal data and are shown with each customer's id: the CLI is for operators with access to the database",
      )
      .requiredOption("--stage <key>", "the cell's stage")
      .requiredOption("--touchpoint <key>", "the cell's touchpoint")
      .option("--limit <n>", `comments listed, 1–${MAX_LISTED_COMMENTS}`, "20"),
  ).action((options: AnalyticsOptions & { stage: string; touchpoint: string; limit: string }) => {
    const filter = parseFilter(options);
    const limit = parseLimit(options.limit);
    return withMetrics(async (metrics) => {
      const result = await metrics.getCellComments({
        filter,
        stage: options.stage,
        touchpoint: options.touchpoint,
        limit,
      });
      if (options.json) return printJson(result);
      printComments(result);
    });
  });
}
