import type { FunnelComparison, ProportionDifference } from "@parcours/db/metrics";
import {
  comparePresetPeriod,
  FUNNEL_COMPARE_PRESETS,
  type TAnalyticsFilter,
  type TFunnelComparePreset,
  type TFunnelCompareSide,
  ZFunnelCompareSideSchema,
} from "@parcours/validators";
import { UsageError } from "../context";
import { parseDate } from "../options";
import { duration, pct, table } from "../table";

export interface CompareCliOptions {
  comparePeriod?: string;
  comparePersona?: string;
}

const isPreset = (text: string): text is TFunnelComparePreset =>
  (FUNNEL_COMPARE_PRESETS as readonly string[]).includes(text);

/**
 * Side B from `--compare-period previous|last-year|FROM..TO` (FROM included, TO excluded, as
 * --from and --to) or `--compare-persona KEY`; undefined when neither is given.
 */
export function parseCompareSide(
  options: CompareCliOptions,
  filter: TAnalyticsFilter,
): TFunnelCompareSide | undefined {
  const { comparePeriod, comparePersona } = options;
  if (comparePeriod !== undefined && comparePersona !== undefined) {
    throw new UsageError("--compare-period and --compare-persona go separately: choose one");
  }
  let side: unknown;
  if (comparePeriod !== undefined) {
    if (isPreset(comparePeriod)) {
      side = { kind: "period", ...comparePresetPeriod(filter.from, filter.to, comparePeriod) };
    } else {
      const [from, to, extra] = comparePeriod.split("..");
      if (from === undefined || to === undefined || extra !== undefined) {
        throw new UsageError(
          `--compare-period "${comparePeriod}" is not previous, last-year or FROM..TO (e.g. 2026-01-01..2026-02-01)`,
        );
      }
      side = {
        kind: "period",
        from: parseDate(from, "compare-period's FROM"),
        to: parseDate(to, "compare-period's TO"),
      };
    }
  } else if (comparePersona !== undefined) {
    side = { kind: "segment", personas: [comparePersona] };
  } else {
    return undefined;
  }
  const parsed = ZFunnelCompareSideSchema.safeParse(side);
  if (parsed.success) return parsed.data;
  const flag = comparePeriod !== undefined ? "--compare-period" : "--compare-persona";
  throw new UsageError(
    `${flag}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
  );
}

const points = (d: ProportionDifference): string | null =>
  d.value === null ? null : `${d.value >= 0 ? "+" : ""}${(d.value * 100).toFixed(1)} pts`;
const interval = (d: ProportionDifference): string | null =>
  d.interval === null
    ? null
    : `${(d.interval[0] * 100).toFixed(1)} to ${(d.interval[1] * 100).toFixed(1)}`;

/** The comparison as a table: per step A, B and B − A (rates in points, with the 95% interval). */
export function comparisonTable(c: FunnelComparison): string {
  return table(
    [
      "step",
      "A",
      "B",
      "B − A",
      "overall A",
      "overall B",
      "B − A",
      "95%",
      "from previous A",
      "from previous B",
      "B − A",
      "95%",
      "median A",
      "median B",
    ],
    c.steps.map((s) => [
      s.key,
      s.a.customers,
      s.b.customers,
      s.difference.customers,
      pct(s.a.conversionOverall),
      pct(s.b.conversionOverall),
      points(s.difference.conversionOverall),
      interval(s.difference.conversionOverall),
      pct(s.a.conversionFromPrevious),
      pct(s.b.conversionFromPrevious),
      points(s.difference.conversionFromPrevious),
      interval(s.difference.conversionFromPrevious),
      duration(s.a.medianSecondsToStep),
      duration(s.b.medianSecondsToStep),
    ]),
  );
}
