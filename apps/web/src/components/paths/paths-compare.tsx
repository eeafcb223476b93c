"use client";

import type { ObservedPaths, PathComparison } from "@parcours/db/metrics";
import { Button } from "@parcours/ui/button";
import { Card } from "@parcours/ui/card";
import { CSV_HOURS, CSV_PERCENT, CSV_RATING, downloadCsv, toCsv } from "@parcours/ui/csv";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { Select } from "@parcours/ui/select";
import { Skeleton } from "@parcours/ui/skeleton";
import { formatPathGroup, parsePathGroup, type TPathGroup } from "@parcours/validators";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { HowComputed } from "~/components/common/how-computed";
import { SectionError } from "~/components/common/section-error";
import { csvFilename } from "~/components/common/use-chart-labels";
import type { TCompareMode } from "~/filters/paths-params";
import { useResolvedFilters } from "~/filters/use-filters";
import type { TFormatters } from "~/lib/use-formatters";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import type { Catalogue } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { usePaths } from "./use-paths";

type Translate = ReturnType<typeof useTranslations<"paths">>;
type Figures = PathComparison["groups"][number];

interface SideOption {
  value: string;
  label: string;
}

function pathName(steps: string[], names: Map<string, string>, t: Translate): string {
  return steps.length === 0 ? t("noFurtherStep") : steps.map((k) => names.get(k) ?? k).join(" → ");
}

/** What can be compared: the listed paths, or the catalogue's personas and the unassigned. */
export function sideOptions(
  mode: TCompareMode,
  paths: ObservedPaths | undefined,
  catalogue: Catalogue,
  t: Translate,
): SideOption[] {
  if (mode === "personas") {
    return [
      ...catalogue.personas.map((p) => ({
        value: formatPathGroup({ kind: "persona", persona: p.key }),
        label: p.name,
      })),
      { value: "persona:unassigned", label: t("compare.unassigned") },
    ];
  }
  if (!paths) return [];
  const names = new Map(paths.stepNames.map((s) => [s.key, s.name]));
  return paths.paths.map((p) => ({
    value: formatPathGroup({ kind: "path", steps: p.steps }),
    label: pathName(p.steps, names, t),
  }));
}

function parseSide(text: string): TPathGroup | undefined {
  try {
    return parsePathGroup(text);
  } catch {
    return undefined;
  }
}

function sideLabel(
  figures: Figures,
  catalogue: Catalogue,
  t: Translate,
  names: Map<string, string>,
) {
  const g = figures.group;
  if (g.kind === "path") return pathName(g.steps, names, t);
  if (g.persona === "unassigned") return t("compare.unassigned");
  return catalogue.personas.find((p) => p.key === g.persona)?.name ?? figures.name;
}

function signed(value: number | null, format: (v: number) => string): string {
  return value === null ? "—" : format(value);
}

/** The comparison's rows: each measure for A, B and B − A, as the reader sees them. */
function measureRows(c: PathComparison, days: number, t: Translate, f: TFormatters) {
  const [a, b] = c.groups;
  const d = c.difference;
  const stage = c.conversionStage.name;
  const percent = (v: number | null) => (v === null ? "—" : f.percent(v));
  const time = (v: number | null) => (v === null ? t("compare.noConversion") : f.duration(v));
  const rating = (g: Figures) => {
    const s = g.satisfaction;
    if (s.mean === null) return t("compare.noRating");
    const value = f.rating(s.mean);
    return s.sufficient
      ? t("compare.ratings", { value, count: s.n })
      : t("compare.tooFew", { value, count: s.n });
  };
  const durationChange = (v: number) => `${v < 0 ? "−" : "+"}${f.duration(Math.abs(v))}`;
  return [
    {
      key: "customers",
      label: t("compare.rows.customers"),
      a: f.integer(a.customers),
      b: f.integer(b.customers),
      d: f.integerChange(d.customers),
    },
    {
      key: "share",
      label: t("compare.rows.share"),
      a: percent(a.share),
      b: percent(b.share),
      d: signed(d.share, f.pointsChange),
    },
    {
      key: "conversion",
      label: t("compare.rows.conversion", { stage, days }),
      a: percent(a.conversion),
      b: percent(b.conversion),
      d: signed(d.conversion, f.pointsChange),
    },
    {
      key: "median",
      label: t("compare.rows.medianTime", { stage }),
      a: time(a.medianSecondsToConversion),
      b: time(b.medianSecondsToConversion),
      d: signed(d.medianSecondsToConversion, durationChange),
    },
    {
      key: "satisfaction",
      label: t("compare.rows.satisfaction"),
      a: rating(a),
      b: rating(b),
      d: signed(d.satisfaction, f.ratingChange),
    },
  ];
}

/** The comparison as CSV: A, B, then B − A, with raw numbers. */
export function comparisonCsv(c: PathComparison, labels: [string, string], t: Translate): string {
  const [a, b] = c.groups;
  const d = c.difference;
  const columns = [
    { key: "side", label: t("compare.csv.side") },
    { key: "group", label: t("compare.csv.group") },
    { key: "customers", label: t("compare.csv.customers") },
    { key: "share", label: t("compare.csv.share"), csv: CSV_PERCENT },
    { key: "converted", label: t("compare.csv.converted") },
    { key: "conversion", label: t("compare.csv.conversion"), csv: CSV_PERCENT },
    { key: "median", label: t("compare.csv.medianTime"), csv: CSV_HOURS },
    { key: "satisfaction", label: t("compare.csv.satisfaction"), csv: CSV_RATING },
    { key: "ratings", label: t("compare.csv.ratings") },
  ];
  const side = (g: Figures, name: string, label: string) => ({
    side: name,
    group: label,
    customers: g.customers,
    share: g.share,
    converted: g.converted,
    conversion: g.conversion,
    median: g.medianSecondsToConversion,
    satisfaction: g.satisfaction.mean,
    ratings: g.satisfaction.n,
  });
  return toCsv(columns, [
    side(a, "A", labels[0]),
    side(b, "B", labels[1]),
    {
      side: t("compare.difference"),
      group: "",
      customers: d.customers,
      share: d.share,
      converted: b.converted - a.converted,
      conversion: d.conversion,
      median: d.medianSecondsToConversion,
      satisfaction: d.satisfaction,
      ratings: b.satisfaction.n - a.satisfaction.n,
    },
  ]);
}

/** Two paths (or two personas) from the page's start, side by side. */
export function PathsCompare() {
  const t = useTranslations("paths");
  const f = useFormatters();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters();
  const { definition, catalogue, state, setState } = usePaths();
  const start = definition?.start;
  const pathsInput =
    definition && start
      ? inputs.paths(filter, start, definition.level, definition.steps, definition.windowDays)
      : undefined;
  // The same query as the Sankey's: answered from its cache.
  const observed = useQuery({
    ...trpc.paths.observed.queryOptions(pathsInput ?? skipToken),
    placeholderData: keepPreviousData,
  });
  const mode = state.compare;
  const options = catalogue ? sideOptions(mode, observed.data, catalogue, t) : [];
  const pick = (value: string, fallback: number) => {
    const wanted =
      value !== "" && parseSide(value)?.kind === (mode === "paths" ? "path" : "persona");
    return wanted ? value : (options[fallback]?.value ?? "");
  };
  const a = pick(state.a, 0);
  const b = pick(state.b, 1);
  // A side from the link that is not on offer (not among the listed paths) stays choosable.
  const withLinked = [...options];
  for (const value of [a, b]) {
    if (value !== "" && !withLinked.some((o) => o.value === value)) {
      const side = parseSide(value);
      const label =
        side?.kind === "path"
          ? pathName(side.steps, new Map(observed.data?.stepNames.map((s) => [s.key, s.name])), t)
          : value;
      withLinked.push({ value, label });
    }
  }
  const groupA = parseSide(a);
  const groupB = parseSide(b);
  const same = a !== "" && a === b;
  const groups: [TPathGroup, TPathGroup] | undefined =
    groupA && groupB && !same ? [groupA, groupB] : undefined;
  const compared = useQuery({
    ...trpc.paths.compare.queryOptions(
      pathsInput && groups ? { ...pathsInput, groups } : skipToken,
    ),
    placeholderData: keepPreviousData,
  });

  const title = t("compare.title");
  if (!definition || !start || !catalogue) {
    return <Card title={title}>{null}</Card>;
  }
  const days = definition.windowDays;
  const startName =
    (start.kind === "stage" ? catalogue.stages : catalogue.touchpoints).find(
      (s) => s.key === start.key,
    )?.name ?? start.key;
  const conversionStage = catalogue.stages.find((s) => s.isConversion)?.name ?? "";
  const modes: { value: TCompareMode; label: string }[] = [
    { value: "paths", label: t("compare.modes.paths") },
    { value: "personas", label: t("compare.modes.personas") },
  ];
  const labelA = mode === "paths" ? t("compare.pathA") : t("compare.personaA");
  const labelB = mode === "paths" ? t("compare.pathB") : t("compare.personaB");
  const data = compared.data;
  const names = new Map(observed.data?.stepNames.map((s) => [s.key, s.name]));
  const sideLabels: [string, string] | undefined = data
    ? [
        sideLabel(data.groups[0], catalogue, t, names),
        sideLabel(data.groups[1], catalogue, t, names),
      ]
    : undefined;

  let body: ReactNode;
  if (options.length < 2 && !(groupA && groupB)) {
    body = observed.isPending ? (
      <Skeleton className="h-40 w-full" />
    ) : (
      <p className="text-muted-foreground text-sm" data-testid="paths-compare-empty">
        {mode === "paths" ? t("compare.needTwoPaths") : t("compare.needTwoPersonas")}
      </p>
    );
  } else if (same) {
    body = (
      <p role="alert" className="text-muted-foreground text-sm">
        {t("compare.samePick")}
      </p>
    );
  } else if (compared.isError && !data) {
    return (
      <SectionError title={title} error={compared.error} onRetry={() => void compared.refetch()} />
    );
  } else if (!data || !sideLabels) {
    body = <Skeleton className="h-40 w-full" />;
  } else {
    const rows = measureRows(data, days, t, f);
    body = (
      <div
        className={
          compared.isPlaceholderData
            ? "overflow-x-auto rounded-md border border-border opacity-70"
            : "overflow-x-auto rounded-md border border-border"
        }
      >
        <table className="w-full border-collapse text-sm" data-testid="paths-compare-table">
          <caption className="sr-only">{t("compare.caption", { start: startName })}</caption>
          <thead className="bg-muted">
            <tr>
              <th
                scope="col"
                className="px-3 py-2 text-left font-medium text-muted-foreground text-xs"
              >
                {t("compare.measure")}
              </th>
              {(["A", "B"] as const).map((side, i) => (
                <th
                  key={side}
                  scope="col"
                  className="px-3 py-2 text-right font-medium text-muted-foreground text-xs"
                >
                  <span className="block">{side}</span>
                  <span className="block font-normal text-foreground">{sideLabels[i]}</span>
                </th>
              ))}
              <th
                scope="col"
                className="px-3 py-2 text-right font-medium text-muted-foreground text-xs"
              >
                {t("compare.difference")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className="border-border border-t">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {row.label}
                </th>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{row.a}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{row.b}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{row.d}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <Card
      title={title}
      description={t("compare.description", { start: startName, stage: conversionStage, days })}
      data-testid="paths-compare"
      aria-busy={compared.isFetching || undefined}
      actions={
        data && sideLabels ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() =>
              downloadCsv(
                csvFilename("path-comparison", period),
                comparisonCsv(data, sideLabels, t),
              )
            }
          >
            <Download aria-hidden="true" />
            {t("compare.downloadCsv")}
          </Button>
        ) : undefined
      }
      footer={
        <HowComputed testId="paths-compare-definition">
          {t("compare.definition", { days })}
        </HowComputed>
      }
    >
      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
          <div className="flex flex-col gap-1">
            <span className="font-medium text-sm">{t("compare.mode")}</span>
            <SegmentedControl
              label={t("compare.mode")}
              options={modes}
              value={mode}
              onValueChange={(compare) => void setState({ compare, a: null, b: null })}
            />
          </div>
          {[
            { label: labelA, value: a, key: "a" as const },
            { label: labelB, value: b, key: "b" as const },
          ].map((side) => (
            <div key={side.key} className="flex min-w-0 max-w-full flex-col gap-1">
              <span className="font-medium text-sm">{side.label}</span>
              <Select
                label={side.label}
                value={side.value}
                placeholder={t("compare.choose")}
                onValueChange={(value) => void setState({ [side.key]: value })}
                options={withLinked}
                className="max-w-full sm:max-w-md"
              />
            </div>
          ))}
        </div>
        {body}
      </div>
    </Card>
  );
}
