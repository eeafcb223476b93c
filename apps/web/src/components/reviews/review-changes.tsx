"use client";

import type { StageMetricStatus } from "@parcours/db/metrics";
import type { ReviewChanges, ReviewDelta, ReviewSnapshot } from "@parcours/db/reviews/types";
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
          <ChangeTable
            testId="review-stages"
            minWidth="min-w-[40rem]"
            caption={t("stagesCaption")}
            headers={[t("stage"), t("customers"), t("conversion"), t("satisfaction")]}
          >
            {changes.stages.map((s) => (
              <tr key={s.stage} className="border-b border-border align-top">
                <th scope="row" className="p-2 text-left font-medium">
                  {s.name}
                </th>
                <DeltaCell
                  delta={s.customers}
                  kind="count"
                  testId={`review-stage-customers-${s.stage}`}
                />
                <DeltaCell
                  delta={s.conversionToNext}
                  kind="share"
                  testId={`review-stage-conversion-${s.stage}`}
                />
                <DeltaCell
                  delta={s.satisfaction}
                  kind="rating"
                  testId={`review-stage-satisfaction-${s.stage}`}
                />
              </tr>
            ))}
          </ChangeTable>
        )}
      </Block>

      <Block id="review-stage-metrics" title={t("metricsTitle")}>
        {changes.stageMetrics.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("noMetrics")}</p>
        ) : (
          <ChangeTable
            testId="review-stage-metrics"
            minWidth="min-w-[44rem]"
            caption={t("metricsCaption")}
            headers={[t("metric"), t("before"), t("after"), t("target"), t("status")]}
          >
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
          </ChangeTable>
        )}
      </Block>

      <PainPoints changes={changes} snapshot={snapshot} first={first} />

      <Block id="review-cells" title={t("cellsTitle")}>
        {changes.cells.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {first ? t("noCellsFirst") : t("noCells")}
          </p>
        ) : (
          <ChangeTable
            testId="review-cells"
            minWidth="min-w-[40rem]"
            caption={t("cellsCaption")}
            headers={[t("cell"), t("customers"), t("satisfaction"), t("nextStageShare")]}
          >
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
                <DeltaCell delta={c.customers} kind="count" />
                <DeltaCell delta={c.satisfaction} kind="rating" />
                <DeltaCell delta={c.nextStageShare} kind="share" />
              </tr>
            ))}
          </ChangeTable>
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

/** A table of changes in a box that scrolls sideways on narrow screens, saying so. */
function ChangeTable({
  testId,
  minWidth,
  caption,
  headers,
  children,
}: {
  testId: string;
  /** The width under which the box scrolls (a Tailwind min-w class). */
  minWidth: string;
  caption: string;
  headers: string[];
  children: ReactNode;
}) {
  const t = useTranslations("reviews.changes");
  return (
    <ScrollArea hint={t("scrollHint")} contentClassName="relative">
      <table className={cn("w-full text-sm", minWidth)} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-border text-left text-xs text-muted-foreground">
            {headers.map((header) => (
              <th key={header} scope="col" className="p-2 font-medium">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollArea>
  );
}

/** A figure's change as a table cell: a count, a share (changes in points) or a rating. */
function DeltaCell({
  delta,
  kind,
  testId,
}: {
  delta: ReviewDelta;
  kind: "count" | "share" | "rating";
  testId?: string;
}) {
  const f = useFormatters();
  const [format, formatSigned] =
    kind === "count"
      ? [f.integer, f.integerChange]
      : kind === "share"
        ? [f.percent, f.pointsChange]
        : [f.rating, f.ratingChange];
  return (
    <td className="p-2">
      <DeltaText delta={delta} format={format} formatSigned={formatSigned} testId={testId} />
    </td>
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
  /** New or resolved pain points: a title with their count, then the list or why it is empty. */
  const column = (
    title: string,
    points: ReviewChanges["painPoints"]["new"],
    tone: "negative" | "positive",
    none: string,
    testId: string,
  ) => (
    <div className="grid content-start gap-2">
      <h4 className="flex items-center gap-2 text-sm font-semibold">
        {title}
        <Badge variant={points.length > 0 ? tone : "muted"}>{points.length}</Badge>
      </h4>
      {points.length === 0 ? (
        <p className="text-sm text-muted-foreground">{first ? t("noneFirst") : none}</p>
      ) : (
        <ul className="grid gap-2" data-testid={testId}>
          {points.map((p) => (
            <li key={`${p.kind}:${p.touchpoint}:${p.stage}`} className="text-sm">
              {describe(p)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <Block id="review-pain" title={t("painTitle")}>
      <div className="grid gap-4 md:grid-cols-2">
        {column(
          t("painNewTitle"),
          changes.painPoints.new,
          "negative",
          t("noNew"),
          "review-pain-new",
        )}
        {column(
          t("painResolvedTitle"),
          changes.painPoints.resolved,
          "positive",
          t("noResolved"),
          "review-pain-resolved",
        )}
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
                    author: c.authorName || c.authorEmail || t("someone"),
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
                    {t("openThreadOf", { author: c.authorName || c.authorEmail || t("someone") })}
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
