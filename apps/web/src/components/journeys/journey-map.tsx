"use client";

import type { EmotionSeries, JourneyMap, JourneyStage, ViewJourney } from "@parcours/db/metrics";
import { ChangeText } from "@parcours/ui/change";
import { cn } from "@parcours/ui/cn";
import { ScrollArea } from "@parcours/ui/scroll-area";
import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type ReactNode, useId, useState } from "react";
import { emotionChartSeries } from "~/components/charts/emotion-series";
import { EmotionCurve } from "~/components/charts/lazy-charts";
import { ChannelScopeNote } from "~/components/common/channel-scope-note";
import { HowComputed } from "~/components/common/how-computed";
import { UnknownKeysNote } from "~/components/filters/unknown-keys-note";
import { SeriesToggles } from "~/components/overview/series-toggles";
import { useFormatters } from "~/lib/use-formatters";
import type { Catalogue } from "~/trpc/outputs";
import { OverTimeSection } from "./over-time";
import { usePainPointText } from "./pain-point-text";
import { PainPointTrend } from "./pain-point-trend";
import { StageMetricsCell } from "./stage-metrics-cell";

export interface TJourneyData {
  map: JourneyMap;
  previous: JourneyMap | null;
  overTime: ViewJourney["overTime"];
  annotations: ViewJourney["annotations"];
  unknownFilters: ViewJourney["unknownFilters"];
  /** Each stage's metrics and targets (absent where the page has none to show). */
  stageMetrics?: ViewJourney["stageMetrics"];
  emotion: {
    stages: { key: string; name: string }[];
    overall: EmotionSeries;
    personas: EmotionSeries[];
  };
}

/**
 * The measured journey map: stages as columns (goal, actions, KPIs), touchpoints as rows grouped
 * by channel, a cell per stage with reach, satisfaction (n) and next-stage share; pain points
 * outlined; the emotion curve below. Read-only: comments and sharing live around it.
 */
export function JourneyMapView({
  data,
  id,
  viewFilters,
  catalogue,
  cellExtra,
  driverOf,
  stageExtra,
}: {
  data: TJourneyData;
  id?: string;
  /** Under a stage's goal and actions, e.g. the last stage's link to retention (signed-in readers). */
  stageExtra?: (stage: string) => ReactNode;
  /** The driver column: a touchpoint's drivers (/drivers), signed in or through a share link. */
  driverOf?: (touchpoint: string) => ReactNode;
  /**
   * Shown under a cell and after a pain point, e.g. its customers' comments (managers and admins,
   * or a share link whose sharer included them).
   */
  cellExtra?: (cell: { stage: string; touchpoint: string }) => ReactNode;
  /** The view's filters: what applies is explained above the map. */
  viewFilters?: { personas: readonly string[]; channels: readonly string[] };
  catalogue?: Catalogue;
}) {
  const t = useTranslations("journeys.map");
  const tFilters = useTranslations("filters");
  const tMetrics = useTranslations("metrics");
  const tChart = useTranslations("chart");
  const tDrivers = useTranslations("drivers");
  const tStageMetrics = useTranslations("stageMetrics");
  const f = useFormatters();
  const { map, previous } = data;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  // Two maps may share a page (a review's map then beside today's): headings need their own ids.
  const headingId = useId();
  const before = new Map(previous?.stages.map((s) => [s.key, s]) ?? []);
  const painCells = new Set(map.painPoints.map((p) => `${p.touchpoint}:${p.stage}`));
  const previousCells = new Map(
    previous?.rows.flatMap((r) => r.cells.map((c) => [`${c.touchpoint}:${c.stage}`, c] as const)) ??
      [],
  );
  const rating = (s: JourneyStage["satisfaction"]) =>
    s.mean === null ? t("nA") : s.sufficient ? f.rating(s.mean) : `${f.rating(s.mean)}*`;
  const stageName = new Map(map.stages.map((s) => [s.key, s.name]));
  const describePain = usePainPointText(map);

  const {
    personas: personaSeries,
    asOverall,
    shown: series,
  } = emotionChartSeries(
    data.emotion,
    { overall: t("overall"), unassigned: tFilters("unassigned") },
    { hidden },
  );
  const channels = map.channels.filter((c) => map.rows.some((r) => r.channel === c.key));
  const appliedPersonas = (viewFilters?.personas ?? []).filter(
    (key) => !data.unknownFilters.personas.includes(key),
  );
  const appliedChannels = (viewFilters?.channels ?? []).filter(
    (key) => !data.unknownFilters.channels.includes(key),
  );

  return (
    <div id={id} className="grid gap-6 bg-background p-1">
      <UnknownKeysNote
        unknown={data.unknownFilters}
        applied={{
          personas: appliedPersonas.map(
            (key) => data.emotion.personas.find((p) => p.series === key)?.name ?? key,
          ),
          channels: appliedChannels.map(
            (key) => map.channels.find((c) => c.key === key)?.name ?? key,
          ),
        }}
      />
      <ChannelScopeNote channels={appliedChannels} catalogue={catalogue} />
      {/* min-w-0: as a grid item it would otherwise grow to the table's width, and the page with it. */}
      <div className="min-w-0">
        {/* relative: the cells' sr-only text (absolutely placed) stays inside the scrolling box;
            beside another map it would otherwise stick out and widen the page. */}
        <ScrollArea hint={tChart("scrollHint")} contentClassName="relative">
          <table className="w-full min-w-[60rem] border-separate border-spacing-0 text-sm">
            <caption className="sr-only">{t("legend")}</caption>
            <thead>
              <tr>
                <th
                  scope="col"
                  className="sticky left-0 z-10 w-56 bg-card p-2 text-left align-bottom text-xs font-medium text-muted-foreground"
                >
                  {t("stage")}
                </th>
                {map.stages.map((s) => (
                  <th
                    key={s.key}
                    scope="col"
                    className="border-b-2 border-primary p-2 text-left align-top"
                  >
                    <span className="block text-base font-semibold">{s.name}</span>
                    {s.goal ? (
                      <span className="mt-1 block text-xs font-normal text-muted-foreground">
                        {s.goal}
                      </span>
                    ) : null}
                    {s.actions.length > 0 ? (
                      <ul className="mt-1 list-disc pl-4 text-xs font-normal text-muted-foreground">
                        {s.actions.map((a) => (
                          <li key={a}>{a}</li>
                        ))}
                      </ul>
                    ) : null}
                    {stageExtra?.(s.key)}
                  </th>
                ))}
                {driverOf ? (
                  <th
                    scope="col"
                    className="border-b-2 border-primary p-2 text-left align-top text-base font-semibold"
                  >
                    {tDrivers("mapColumn")}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {(
                [
                  [
                    "customers",
                    (s: JourneyStage) => f.integer(s.customers),
                    (s: JourneyStage) => s.customers,
                    f.integerChange,
                  ],
                  [
                    "conversion",
                    (s: JourneyStage) =>
                      s.conversionToNext === null ? t("nA") : f.percent(s.conversionToNext),
                    (s: JourneyStage) => s.conversionToNext,
                    f.pointsChange,
                  ],
                  [
                    "timeToNext",
                    (s: JourneyStage) =>
                      s.medianSecondsToNext === null ? t("nA") : f.duration(s.medianSecondsToNext),
                    () => null,
                    f.integerChange,
                  ],
                  [
                    "satisfaction",
                    (s: JourneyStage) =>
                      `${rating(s.satisfaction)} (n = ${f.integer(s.satisfaction.n)})`,
                    (s: JourneyStage) => (s.satisfaction.sufficient ? s.satisfaction.mean : null),
                    f.ratingChange,
                  ],
                ] as const
              ).map(([key, show, value, format]) => (
                <tr key={key} className="bg-muted/40">
                  <th
                    scope="row"
                    className="sticky left-0 z-10 bg-card p-2 text-left text-xs font-medium"
                  >
                    {t(key)}
                  </th>
                  {map.stages.map((s) => {
                    const old = before.get(s.key);
                    return (
                      <td
                        key={s.key}
                        className="p-2 tabular-nums"
                        data-testid={`kpi-${key}-${s.key}`}
                      >
                        {show(s)}
                        {previous ? (
                          <ChangeText
                            now={value(s)}
                            before={old ? value(old) : null}
                            formatSigned={format}
                          />
                        ) : null}
                      </td>
                    );
                  })}
                  {driverOf ? <td className="p-2" /> : null}
                </tr>
              ))}
              {data.stageMetrics?.stages.some((s) => s.metrics.length > 0) ? (
                <tr className="bg-muted/40">
                  <th
                    scope="row"
                    className="sticky left-0 z-10 bg-card p-2 text-left align-top text-xs font-medium"
                  >
                    {tStageMetrics("row")}
                  </th>
                  {map.stages.map((s) => (
                    <td key={s.key} className="p-2 align-top">
                      <StageMetricsCell
                        stage={s.key}
                        metrics={
                          data.stageMetrics?.stages.find((m) => m.stage === s.key)?.metrics ?? []
                        }
                      />
                    </td>
                  ))}
                  {driverOf ? <td className="p-2" /> : null}
                </tr>
              ) : null}
              {channels.map((channel) => (
                <ChannelRows
                  key={channel.key}
                  name={channel.name}
                  rows={map.rows.filter((r) => r.channel === channel.key)}
                  stages={map.stages}
                  painCells={painCells}
                  cellExtra={cellExtra}
                  previousCells={previous ? previousCells : null}
                  driverOf={driverOf}
                />
              ))}
            </tbody>
          </table>
        </ScrollArea>
        <p className="mt-2 text-xs text-muted-foreground">
          {t("legend")} * {t("tooFew")}
        </p>
        <HowComputed testId="journey-definition">
          {tMetrics("journey", { days: Math.round(map.windowSeconds / 86_400) })}
        </HowComputed>
      </div>

      <section aria-labelledby={`${headingId}-pain`} className="grid gap-2">
        <h2 id={`${headingId}-pain`} className="text-base font-semibold">
          {t("painPoints")}
        </h2>
        {map.painPoints.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("noPainPoints")}</p>
        ) : (
          <p className="text-xs text-muted-foreground" data-testid="pain-points-order">
            {t("sortedBy")}{" "}
            {map.averageOrderValue === null
              ? t("noAverageOrderValue")
              : t("averageOrderValue", { amount: f.currency(map.averageOrderValue) })}
          </p>
        )}
        {map.painPoints.length === 0 ? null : (
          <ul className="grid gap-2" data-testid="pain-points">
            {map.painPoints.map((p) => (
              <li
                key={`${p.kind}:${p.touchpoint}:${p.stage}`}
                className="flex items-start gap-2 text-sm"
              >
                <AlertTriangle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-warning" />
                <span>
                  {describePain(p)} {cellExtra?.({ stage: p.stage, touchpoint: p.touchpoint })}
                  <PainPointTrend point={p} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {data.overTime ? (
        <OverTimeSection
          overTime={data.overTime}
          notes={data.annotations}
          stageNames={stageName}
          windowDays={Math.round(map.windowSeconds / 86_400)}
        />
      ) : null}

      <section aria-labelledby={`${headingId}-emotion`} className="grid gap-2">
        <h2 id={`${headingId}-emotion`} className="text-base font-semibold">
          {t("emotion")}
        </h2>
        {personaSeries.length > 0 ? (
          <SeriesToggles
            label={t("personas")}
            series={personaSeries}
            hidden={hidden}
            onChange={setHidden}
          />
        ) : null}
        {asOverall.map((s) => (
          <p
            key={s.key}
            role="note"
            data-testid="same-as-overall"
            className="text-muted-foreground text-xs"
          >
            {tMetrics("sameAsOverall", { persona: s.label })}
          </p>
        ))}
        <EmotionCurve
          stages={data.emotion.stages.map((s) => ({ key: s.key, label: s.name }))}
          series={series}
          formatRating={f.rating}
          formatNumber={f.integer}
          labels={{
            satisfaction: t("satisfaction"),
            sampleSize: "n =",
            tooFew: t("tooFew"),
            noData: t("nA"),
          }}
          ariaLabel={t("emotion")}
          height={280}
        />
      </section>
    </div>
  );
}

function ChannelRows({
  name,
  rows,
  stages,
  painCells,
  previousCells,
  cellExtra,
  driverOf,
}: {
  name: string;
  rows: JourneyMap["rows"];
  stages: JourneyStage[];
  painCells: Set<string>;
  previousCells: Map<string, JourneyMap["rows"][number]["cells"][number]> | null;
  cellExtra: ((cell: { stage: string; touchpoint: string }) => ReactNode) | undefined;
  driverOf: ((touchpoint: string) => ReactNode) | undefined;
}) {
  const t = useTranslations("journeys.map");
  const f = useFormatters();
  return (
    <>
      <tr>
        <th
          colSpan={stages.length + (driverOf ? 2 : 1)}
          scope="colgroup"
          className="border-b border-border px-2 pt-4 pb-1 text-left text-xs font-semibold tracking-wide text-muted-foreground uppercase"
        >
          {name}
        </th>
      </tr>
      {rows.map((row) => (
        <tr key={row.touchpoint}>
          <th
            scope="row"
            className="sticky left-0 z-10 border-b border-border bg-card p-2 text-left font-medium"
          >
            {row.name}
          </th>
          {row.cells.map((cell) => {
            const pain = painCells.has(`${cell.touchpoint}:${cell.stage}`);
            const old = previousCells?.get(`${cell.touchpoint}:${cell.stage}`);
            if (cell.customers === 0) {
              return (
                <td key={cell.stage} className="border-b border-border p-2 text-muted-foreground">
                  ·
                </td>
              );
            }
            const sat = cell.satisfaction;
            return (
              <td
                key={cell.stage}
                data-testid={`cell-${cell.touchpoint}-${cell.stage}`}
                className={cn(
                  "border-b border-border p-2 align-top tabular-nums",
                  pain && "bg-negative/10 outline-2 -outline-offset-2 outline-negative",
                )}
              >
                <span className="block font-medium">
                  {f.integer(cell.customers)} {t("reach")}
                  {old ? (
                    <ChangeText
                      now={cell.customers}
                      before={old.customers}
                      formatSigned={f.integerChange}
                    />
                  ) : null}
                </span>
                <span className="block text-xs">
                  {sat.mean === null
                    ? t("nA")
                    : `★ ${f.rating(sat.mean)}${sat.sufficient ? "" : "*"}`}{" "}
                  (n = {f.integer(sat.n)})
                </span>
                {cell.nextStageShare !== null ? (
                  <span className="block text-xs text-muted-foreground">
                    {f.percent(cell.nextStageShare)} {t("next")}
                  </span>
                ) : null}
                {pain ? <span className="sr-only">{t("painFlag")}</span> : null}
                {cellExtra?.({ stage: cell.stage, touchpoint: cell.touchpoint })}
              </td>
            );
          })}
          {driverOf ? (
            <td className="border-b border-border p-2 align-top">{driverOf(row.touchpoint)}</td>
          ) : null}
        </tr>
      ))}
    </>
  );
}
