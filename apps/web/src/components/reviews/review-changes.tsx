"use client";

import type { StageMetricStatus } from "@parcours/db/metrics";
import type { ReviewChanges, ReviewSnapshot } from "@parcours/db/reviews/types";
import { Badge } from "@parcours/ui/badge";
import { cn } from "@parcours/ui/cn";
import { ScrollArea } from "@parcours/ui/scroll-area";
import { AlertTriangle, CheckCircle2, MessageSquare } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useDescribeTarget } from "~/components/journeys/describe-target";
import { usePainPointText } from "~/components/journeys/pain-point-text";
import { STATUS_STYLE } from "~/components/journeys/stage-metrics-cell";
import { useFormatters } from "~/lib/use-formatters";
import { DeltaText } from "./delta";
import { useReviewText } from "./use-review-text";

const DAY_MS = 86_400_000;

/**
 * "Since the last review" (or "First review"): alerts first, then the stages' KPIs, the stage
 * metrics against their targets, pain points new and resolved, the cells that moved, the
 * comments added; each side's period said plainly.
 */
export function ReviewChangesView({
  viewId,
  changes,
  snapshot,
}: {
  viewId: number;
  changes: ReviewChanges;
  snapshot: ReviewSnapshot;
}) {
  const t = useTranslations("reviews.changes");
  const f = useFormatters();
  const format = useFormatter();
  const text = useReviewText(snapshot);
  const first = changes.previous === null;
  const period = (p: { from: Date; to: Date }) =>
    // The period's end is exclusive: its last day is the one before.
    f.dayRange(p.from, new Date(Math.max(p.from.getTime(), p.to.getTime() - DAY_MS)));
  const when = (d: Date) => format.dateTime(d, { dateStyle: "long", timeStyle: "short" });

  return (
    <section aria-labelledby="review-changes-title" className="grid gap-8">
      <div className="grid gap-1">
        <h2 id="review-changes-title" className="text-xl font-semibold">
          {first ? t("firstTitle") : t("sinceTitle")}
        </h2>
        <p className="text-sm text-muted-foreground" data-testid="review-periods">
          {t("thisPeriod", { range: period(snapshot.period) })}{" "}
          {changes.previous
            ? t("previousPeriod", {
                range: period(changes.previous.period),
                date: when(changes.previous.dueAt),
              })
            : t("noPrevious")}
        </p>
      </div>

      <Block id="review-alerts" title={t("alertsTitle")}>
        {changes.alerts.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {first ? t("noAlertsFirst") : t("noAlerts")}
          </p>
        ) : (
          <ul className="grid gap-2" data-testid="review-alerts">
            {changes.alerts.map((a) => (
              <li
                key={
                  a.kind === "target_crossed"
                    ? `${a.kind}:${a.stage}:${a.metric}`
                    : `${a.kind}:${a.stage}:${a.touchpoint}`
                }
                className={cn(
                  "flex items-start gap-2 rounded-md border p-3 text-sm",
                  a.kind === "target_crossed" && a.now === "met"
                    ? "border-positive/40 bg-positive/5"
                    : "border-negative/40 bg-negative/5",
                )}
                data-testid="review-alert"
              >
                {a.kind === "target_crossed" && a.now === "met" ? (
                  <CheckCircle2
                    aria-hidden="true"
                    className="mt-0.5 size-4 shrink-0 text-positive"
                  />
                ) : (
                  <AlertTriangle
                    aria-hidden="true"
                    className="mt-0.5 size-4 shrink-0 text-negative"
                  />
                )}
                <span>{text.alert(a)}</span>
              </li>
            ))}
          </ul>
        )}
      </Block>

      <Block id="review-stages" title={t("stagesTitle")}>
        {changes.stages.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("noStages")}</p>
        ) : (
          <ScrollArea hint={t("scrollHint")} contentClassName="relative">
            <table className="w-full min-w-[40rem] text-sm" data-testid="review-stages">
              <caption className="sr-only">{t("stagesCaption")}</caption>
              <thead>
                <tr className="border-b border-border text-left text-xs text-muted-foreground">
                  <th scope="col" className="p-2 font-medium">
                    {t("stage")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("customers")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("conversion")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("satisfaction")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {changes.stages.map((s) => (
                  <tr key={s.stage} className="border-b border-border align-top">
                    <th scope="row" className="p-2 text-left font-medium">
                      {s.name}
                    </th>
                    <td className="p-2">
                      <DeltaText
                        delta={s.customers}
                        format={f.integer}
                        formatSigned={f.integerChange}
                        testId={`review-stage-customers-${s.stage}`}
                      />
                    </td>
                    <td className="p-2">
                      <DeltaText
                        delta={s.conversionToNext}
                        format={f.percent}
                        formatSigned={f.pointsChange}
                        testId={`review-stage-conversion-${s.stage}`}
                      />
                    </td>
                    <td className="p-2">
                      <DeltaText
                        delta={s.satisfaction}
                        format={f.rating}
                        formatSigned={f.ratingChange}
                        testId={`review-stage-satisfaction-${s.stage}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </Block>

      <Block id="review-stage-metrics" title={t("metricsTitle")}>
        {changes.stageMetrics.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("noMetrics")}</p>
        ) : (
          <ScrollArea hint={t("scrollHint")} contentClassName="relative">
            <table className="w-full min-w-[44rem] text-sm" data-testid="review-stage-metrics">
              <caption className="sr-only">{t("metricsCaption")}</caption>
              <thead>
                <tr className="border-b border-border text-left text-xs text-muted-foreground">
                  <th scope="col" className="p-2 font-medium">
                    {t("metric")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("before")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("after")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("target")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("status")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {changes.stageMetrics.map((m) => (
                  <tr
                    key={`${m.stage}:${m.metric}`}
                    className="border-b border-border align-top"
                    data-testid={`review-metric-${m.stage}-${m.metric}`}
                  >
                    <th scope="row" className="p-2 text-left font-medium">
                      {m.name}
                      <span className="block text-xs font-normal text-muted-foreground">
                        {text.stage(m.stage)}
                      </span>
                    </th>
                    <td className="p-2 tabular-nums" data-testid="review-metric-before">
                      {first ? t("noValue") : text.metricValue(m.stage, m.metric, m.before)}
                    </td>
                    <td className="p-2 tabular-nums font-medium" data-testid="review-metric-after">
                      {text.metricValue(m.stage, m.metric, m.after)}
                    </td>
                    <td className="p-2 text-muted-foreground">
                      {m.target ? text.target(m.stage, m.metric, m.target) : t("noTarget")}
                    </td>
                    <td className="p-2">
                      <span className="inline-flex flex-wrap items-center gap-1">
                        {first ? null : (
                          <>
                            <StatusChip status={m.statusBefore} />
                            <span aria-hidden="true">→</span>
                            <span className="sr-only">{t("then")}</span>
                          </>
                        )}
                        <StatusChip status={m.statusAfter} testId="review-metric-status" />
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </Block>

      <PainPoints changes={changes} snapshot={snapshot} first={first} />

      <Block id="review-cells" title={t("cellsTitle")}>
        {changes.cells.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {first ? t("noCellsFirst") : t("noCells")}
          </p>
        ) : (
          <ScrollArea hint={t("scrollHint")} contentClassName="relative">
            <table className="w-full min-w-[40rem] text-sm" data-testid="review-cells">
              <caption className="sr-only">{t("cellsCaption")}</caption>
              <thead>
                <tr className="border-b border-border text-left text-xs text-muted-foreground">
                  <th scope="col" className="p-2 font-medium">
                    {t("cell")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("customers")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("satisfaction")}
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    {t("nextStageShare")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {changes.cells.map((c) => (
                  <tr
                    key={`${c.touchpoint}:${c.stage}`}
                    className="border-b border-border align-top"
                    data-testid={`review-cell-${c.touchpoint}-${c.stage}`}
                  >
                    <th scope="row" className="p-2 text-left font-medium">
                      {t("cellName", {
                        touchpoint: text.touchpoint(c.touchpoint),
                        stage: text.stage(c.stage),
                      })}
                    </th>
                    <td className="p-2">
                      <DeltaText
                        delta={c.customers}
                        format={f.integer}
                        formatSigned={f.integerChange}
                      />
                    </td>
                    <td className="p-2">
                      <DeltaText
                        delta={c.satisfaction}
                        format={f.rating}
                        formatSigned={f.ratingChange}
                      />
                    </td>
                    <td className="p-2">
                      <DeltaText
                        delta={c.nextStageShare}
                        format={f.percent}
                        formatSigned={f.pointsChange}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </Block>

      <Comments viewId={viewId} changes={changes} snapshot={snapshot} first={first} />
    </section>
  );
}

function Block({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="grid gap-3">
      <h3 id={`${id}-title`} className="text-base font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

function StatusChip({ status, testId }: { status: StageMetricStatus | null; testId?: string }) {
  const t = useTranslations("stageMetrics");
  const tChanges = useTranslations("reviews.changes");
  return (
    <span
      data-testid={testId}
      data-status={status ?? "none"}
      className={cn(
        "rounded px-1.5 py-0.5 text-xs font-medium",
        status ? STATUS_STYLE[status] : "bg-muted text-muted-foreground",
      )}
    >
      {status ? t(`status.${status}`) : tChanges("noTarget")}
    </span>
  );
}

function PainPoints({
  changes,
  snapshot,
  first,
}: {
  changes: ReviewChanges;
  snapshot: ReviewSnapshot;
  first: boolean;
}) {
  const t = useTranslations("reviews.changes");
  const describe = usePainPointText(snapshot.map);
  const list = (points: ReviewChanges["painPoints"]["new"], testId: string) => (
    <ul className="grid gap-2" data-testid={testId}>
      {points.map((p) => (
        <li key={`${p.kind}:${p.touchpoint}:${p.stage}`} className="text-sm">
          {describe(p)}
        </li>
      ))}
    </ul>
  );
  return (
    <Block id="review-pain" title={t("painTitle")}>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="grid content-start gap-2">
          <h4 className="flex items-center gap-2 text-sm font-semibold">
            {t("painNewTitle")}
            <Badge variant={changes.painPoints.new.length > 0 ? "negative" : "muted"}>
              {changes.painPoints.new.length}
            </Badge>
          </h4>
          {changes.painPoints.new.length === 0 ? (
            <p className="text-sm text-muted-foreground">{first ? t("noneFirst") : t("noNew")}</p>
          ) : (
            list(changes.painPoints.new, "review-pain-new")
          )}
        </div>
        <div className="grid content-start gap-2">
          <h4 className="flex items-center gap-2 text-sm font-semibold">
            {t("painResolvedTitle")}
            <Badge variant={changes.painPoints.resolved.length > 0 ? "positive" : "muted"}>
              {changes.painPoints.resolved.length}
            </Badge>
          </h4>
          {changes.painPoints.resolved.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {first ? t("noneFirst") : t("noResolved")}
            </p>
          ) : (
            list(changes.painPoints.resolved, "review-pain-resolved")
          )}
        </div>
      </div>
      {changes.painPoints.ongoing.length > 0 ? (
        <p className="text-xs text-muted-foreground">
          {t("painOngoing", { count: changes.painPoints.ongoing.length })}
        </p>
      ) : null}
    </Block>
  );
}

function Comments({
  viewId,
  changes,
  snapshot,
  first,
}: {
  viewId: number;
  changes: ReviewChanges;
  snapshot: ReviewSnapshot;
  first: boolean;
}) {
  const t = useTranslations("reviews.changes");
  const tNotes = useTranslations("journeys.notes");
  const format = useFormatter();
  const describe = useDescribeTarget(snapshot.map);
  const { added, resolved } = changes.comments;
  return (
    <Block id="review-comments" title={t("commentsTitle")}>
      <p className="text-sm text-muted-foreground">
        {first
          ? t("commentsFirst", { count: added.length })
          : t("commentsSummary", { count: added.length, resolved })}
      </p>
      {added.length === 0 ? null : (
        <ul className="grid gap-2" data-testid="review-comments">
          {added.map((c) => (
            <li key={c.id} className="rounded-md border border-border p-3 text-sm">
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                <Badge variant={c.kind === "opportunity" ? "positive" : "outline"}>
                  {tNotes(c.kind)}
                </Badge>
                <span>{describe(c.target)}</span>
              </div>
              <p className="mt-1 line-clamp-3 whitespace-pre-wrap">{c.body}</p>
              <p className="mt-1 flex flex-wrap items-center gap-x-3 text-xs text-muted-foreground">
                <span>
                  {tNotes("by", {
                    author: c.authorName || t("someone"),
                    date: format.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: "short" }),
                  })}
                </span>
                <Link
                  href={`/journeys/${viewId}#note-${c.id}`}
                  className="inline-flex items-center gap-1 font-medium text-primary underline-offset-4 hover:underline"
                >
                  <MessageSquare aria-hidden="true" className="size-3.5" />
                  {t("openThread")}
                  <span className="sr-only">
                    {t("openThreadOf", { author: c.authorName || t("someone") })}
                  </span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Block>
  );
}
