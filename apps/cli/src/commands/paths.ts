import type { ObservedPaths, PathComparison } from "@parcours/db/metrics";
import {
  formatPathGroup,
  MAX_PATH_STEPS,
  parsePathGroup,
  type TPathGroup,
  type TPathStart,
  ZPathStartSchema,
} from "@parcours/validators";
import { guardCsvCell } from "@parcours/validators/csv-cell";
import type { Command } from "commander";
import { printJson, UsageError, withMetrics } from "../context";
import { collect, parseDate, parseFilter, parseWindow } from "../options";
import { duration, pct, table } from "../table";

interface PathsOptions {
  from: string;
  since?: string;
  until?: string;
  persona?: string[];
  channel?: string[];
  level: string;
  steps: string;
  window?: string;
  json?: boolean;
  csv?: boolean;
  compare?: string[];
}

function parseStart(text: string): TPathStart {
  const [kind, ...rest] = text.split(":");
  const parsed = ZPathStartSchema.safeParse({ kind, key: rest.join(":") });
  if (!parsed.success || rest.length === 0) {
    throw new UsageError(
      `--from "${text}" is not a start; use stage:KEY or touchpoint:KEY, e.g. stage:discovery`,
    );
  }
  return parsed.data;
}

function parseSteps(text: string): number {
  const steps = Number(text);
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_PATH_STEPS) {
    throw new UsageError(`--steps "${text}" must be a whole number from 1 to ${MAX_PATH_STEPS}`);
  }
  return steps;
}

function parseGroup(text: string, steps: number): TPathGroup {
  let group: TPathGroup;
  try {
    group = parsePathGroup(text);
  } catch {
    throw new UsageError(
      `--compare "${text}" is not a side; use path:KEY>KEY (path: for no further step) or persona:KEY`,
    );
  }
  if (group.kind === "path" && group.steps.length > steps) {
    throw new UsageError(
      `--compare "${text}" has ${group.steps.length} steps, more than --steps ${steps}`,
    );
  }
  return group;
}

const hours = (seconds: number | null) =>
  seconds === null ? null : Number((seconds / 3600).toFixed(2));
const pctNumber = (v: number | null) => (v === null ? null : Number((v * 100).toFixed(1)));
const signedPct = (v: number | null) =>
  v === null ? null : `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`;

function sideName(group: TPathGroup, name: string): string {
  if (group.kind === "path" && group.steps.length === 0) return "(no further step)";
  return group.kind === "path" ? group.steps.join(" > ") : `persona ${name}`;
}

/** The comparison as CSV (one row per side, then B − A) or as a table. */
function printComparison(result: PathComparison, options: PathsOptions): void {
  const [a, b] = result.groups;
  const d = result.difference;
  if (options.csv) {
    const header =
      "side,group,customers,share_pct,converted,conversion_pct,median_hours_to_conversion,satisfaction,ratings\n";
    const rows: (string | number | null)[][] = [
      ...[a, b].map((g, i) => [
        i === 0 ? "A" : "B",
        formatPathGroup(g.group),
        g.customers,
        pctNumber(g.share),
        g.converted,
        pctNumber(g.conversion),
        hours(g.medianSecondsToConversion),
        g.satisfaction.mean === null ? null : Number(g.satisfaction.mean.toFixed(2)),
        g.satisfaction.n,
      ]),
      [
        "B - A",
        "",
        d.customers,
        pctNumber(d.share),
        b.converted - a.converted,
        pctNumber(d.conversion),
        hours(d.medianSecondsToConversion),
        d.satisfaction === null ? null : Number(d.satisfaction.toFixed(2)),
        b.satisfaction.n - a.satisfaction.n,
      ],
    ];
    process.stdout.write(`${header}${rows.map((r) => r.map(csvField).join(",")).join("\n")}\n`);
    return;
  }
  const rating = (g: PathComparison["groups"][number]) =>
    g.satisfaction.mean === null
      ? null
      : `${g.satisfaction.mean.toFixed(2)} (n=${g.satisfaction.n}${g.satisfaction.sufficient ? "" : ", too few"})`;
  console.log(
    `${result.entrants} customers entered at ${result.start.kind}:${result.start.key}; ` +
      `A: ${sideName(a.group, a.name)}; B: ${sideName(b.group, b.name)}.`,
  );
  console.log(
    table(
      ["", "A", "B", "B − A"],
      [
        ["customers", a.customers, b.customers, d.customers],
        ["share of entrants", pct(a.share), pct(b.share), signedPct(d.share)],
        [
          `reached ${result.conversionStage.key}`,
          pct(a.conversion),
          pct(b.conversion),
          signedPct(d.conversion),
        ],
        [
          "median time, entry to conversion",
          duration(a.medianSecondsToConversion),
          duration(b.medianSecondsToConversion),
          d.medianSecondsToConversion === null
            ? null
            : `${d.medianSecondsToConversion < 0 ? "-" : "+"}${duration(Math.abs(d.medianSecondsToConversion))}`,
        ],
        [
          "satisfaction",
          rating(a),
          rating(b),
          d.satisfaction === null
            ? null
            : `${d.satisfaction > 0 ? "+" : ""}${d.satisfaction.toFixed(2)}`,
        ],
      ],
    ),
  );
}

function parseLevel(text: string): "stage" | "touchpoint" {
  if (text === "stage" || text === "touchpoint") return text;
  throw new UsageError(`--level must be stage or touchpoint, not "${text}"`);
}

/** The last 30 whole UTC days, today included, when no period is given. */
function defaultPeriod(now = new Date()): { from: string; to: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const start = new Date(end.getTime() - 30 * 86_400_000);
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

interface PathRow {
  path: string[];
  customers: number;
  share: number | null;
  converted: number;
  conversion: number | null;
}

function pathRows(result: ObservedPaths): PathRow[] {
  const rows: PathRow[] = result.paths.map((p) => ({
    path: p.steps,
    customers: p.customers,
    share: p.share,
    converted: p.converted,
    conversion: p.conversion,
  }));
  if (result.other.customers > 0) {
    rows.push({
      path: [`(${result.other.paths} other paths)`],
      customers: result.other.customers,
      share: result.other.share,
      converted: result.other.converted,
      conversion: result.other.conversion,
    });
  }
  return rows;
}

function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : guardCsvCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function registerPaths(program: Command): void {
  program
    .command("paths")
    .description("observed paths: each customer's next steps from a stage or touchpoint")
    .requiredOption("--from <start>", "where paths start: stage:KEY or touchpoint:KEY")
    .option("--since <iso>", "period start, included (with --until; default: the last 30 days)")
    .option("--until <iso>", "period end, excluded")
    .option("--level <level>", "steps as stage or touchpoint", "stage")
    .option("--steps <n>", `steps after the start, 1–${MAX_PATH_STEPS}`, "3")
    .option("--window <duration>", "steps and conversion within, e.g. 30d, 12h", "30d")
    .option(
      "--persona <keys>",
      "persona keys (repeat or comma-separate; `unassigned` too)",
      collect,
    )
    .option("--channel <keys>", "channel keys (repeat or comma-separate)", collect)
    .option("--json", "print JSON only")
    .option("--csv", "print the paths as CSV")
    .option(
      "--compare <side>",
      "compare two sides (give it twice): path:KEY>KEY (path: for no further step) or persona:KEY",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action((options: PathsOptions) => {
      if (options.json && options.csv) throw new UsageError("--json and --csv exclude each other");
      if ((options.since === undefined) !== (options.until === undefined)) {
        throw new UsageError("give both --since and --until, or neither (the last 30 days)");
      }
      const period =
        options.since !== undefined && options.until !== undefined
          ? { from: options.since, to: options.until }
          : defaultPeriod();
      // --from names the start here, so the period's own errors must name --since and --until.
      const since = parseDate(period.from, "since");
      const until = parseDate(period.to, "until");
      if (since.getTime() >= until.getTime()) {
        throw new UsageError("--since must be before --until");
      }
      const filter = parseFilter({
        from: period.from,
        to: period.to,
        ...(options.persona ? { persona: options.persona } : {}),
        ...(options.channel ? { channel: options.channel } : {}),
      });
      const start = parseStart(options.from);
      const level = parseLevel(options.level);
      const steps = parseSteps(options.steps);
      const windowSeconds = parseWindow(options.window);
      if (options.compare !== undefined) {
        const [first, second, ...rest] = options.compare;
        if (first === undefined || second === undefined || rest.length > 0) {
          throw new UsageError(
            `--compare takes exactly two sides (give it twice), not ${options.compare.length}`,
          );
        }
        const groups: [TPathGroup, TPathGroup] = [
          parseGroup(first, steps),
          parseGroup(second, steps),
        ];
        return withMetrics(async (metrics) => {
          const result = await metrics.getPathComparison({
            filter,
            start,
            level,
            steps,
            groups,
            ...(windowSeconds ? { windowSeconds } : {}),
          });
          if (options.json) return printJson(result);
          printComparison(result, options);
        });
      }
      return withMetrics(async (metrics) => {
        const result = await metrics.getObservedPaths({
          filter,
          start,
          level,
          steps,
          ...(windowSeconds ? { windowSeconds } : {}),
        });
        const rows = pathRows(result);
        if (options.json) {
          return printJson({
            start: result.start,
            level: result.level,
            steps: result.steps,
            windowSeconds: result.windowSeconds,
            conversionStage: result.conversionStage.key,
            entrants: result.entrants,
            converted: result.converted,
            conversion: result.conversion,
            paths: result.paths,
            other: result.other,
            links: result.links,
          });
        }
        if (options.csv) {
          const header = "path,customers,share_pct,converted,conversion_pct\n";
          const body = rows
            .map((r) =>
              [
                r.path.length === 0 ? "(no further step)" : r.path.join(" > "),
                r.customers,
                r.share === null ? null : Number((r.share * 100).toFixed(1)),
                r.converted,
                r.conversion === null ? null : Number((r.conversion * 100).toFixed(1)),
              ]
                .map(csvField)
                .join(","),
            )
            .join("\n");
          process.stdout.write(`${header}${body}${body ? "\n" : ""}`);
          return;
        }
        console.log(
          `${result.entrants} customers entered at ${result.start.kind}:${result.start.key}; ` +
            `${pct(result.conversion) ?? "—"} reached ${result.conversionStage.key} within the window.`,
        );
        console.log(
          table(
            ["path", "customers", "share", "converted"],
            rows.map((r) => [
              r.path.length === 0 ? "(no further step)" : r.path.join(" > "),
              r.customers,
              pct(r.share),
              pct(r.conversion),
            ]),
          ),
        );
        console.log("");
        console.log(
          table(
            ["step", "from", "to", "customers", "share", "median time"],
            result.links.map((l) => [
              l.depth + 1,
              l.source ?? `${result.start.kind}:${result.start.key}`,
              l.target ?? "(other paths)",
              l.customers,
              pct(l.share),
              duration(l.medianSeconds),
            ]),
          ),
        );
      });
    });
}
