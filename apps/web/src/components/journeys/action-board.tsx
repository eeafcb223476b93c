"use client";

import type { JourneyMap } from "@parcours/db/metrics";
import { Badge } from "@parcours/ui/badge";
import { Field, Input } from "@parcours/ui/field";
import { Select } from "@parcours/ui/select";
import { Skeleton } from "@parcours/ui/skeleton";
import { ACTION_STATUSES, type TActionStatus } from "@parcours/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { RequestError } from "~/components/common/alert-text";
import { SectionError } from "~/components/common/section-error";
import { formatMetricValue } from "~/lib/stage-metric-format";
import { useFormatters } from "~/lib/use-formatters";
import type { ActionMetricReading, ActionRow } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { useDescribeTarget } from "./describe-target";

const NOBODY = "none";
const NO_METRIC = "none";

/**
 * The view's opportunities as actions, by status: who owns each, when it is due, the stage
 * metric it should move. Managers and admins change any of them; a viewer the ones they own.
 */
export function ActionBoard({
  viewId,
  map,
  me,
}: {
  viewId: number;
  map: JourneyMap;
  /** Who is looking: whether they may change an action depends on it. */
  me: { id: number; canManage: boolean };
}) {
  const t = useTranslations("journeys.actions");
  const trpc = useTRPC();
  const actions = useQuery(trpc.actions.list.queryOptions({ viewId }));
  // Its own request: the figures take longer than the list, which shows meanwhile.
  const readings = useQuery(trpc.actions.metrics.queryOptions({ viewId }));
  const readingOf = new Map(readings.data?.map((r) => [r.id, r]));

  return (
    <section aria-labelledby="actions-title" className="grid gap-3" data-testid="action-board">
      <div>
        <h2 id="actions-title" className="text-base font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      {actions.isError ? (
        <SectionError
          title={t("title")}
          error={actions.error}
          onRetry={() => void actions.refetch()}
        />
      ) : !actions.data ? (
        <Skeleton className="h-32 w-full" />
      ) : actions.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("empty")}</p>
      ) : (
        <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-5">
          {ACTION_STATUSES.map((status) => {
            const inColumn = actions.data.filter((a) => a.status === status);
            return (
              <section
                key={status}
                aria-labelledby={`actions-${status}`}
                className="grid min-w-0 content-start gap-2 rounded-lg border border-border bg-muted/30 p-2"
                data-testid={`actions-${status}`}
              >
                <h3 id={`actions-${status}`} className="text-sm font-medium">
                  {t(`status.${status}`)}{" "}
                  <span className="text-muted-foreground">({inColumn.length})</span>
                </h3>
                {inColumn.length === 0 ? (
                  <p className="text-xs text-muted-foreground">{t("none")}</p>
                ) : (
                  <ul className="grid gap-2">
                    {inColumn.map((action) => (
                      <ActionCard
                        key={action.id}
                        action={action}
                        map={map}
                        canEdit={me.canManage || action.owner?.id === me.id}
                        reading={readingOf.get(action.id)}
                        readingPending={readings.isPending}
                      />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}

function ActionCard({
  action,
  map,
  canEdit,
  reading,
  readingPending,
}: {
  action: ActionRow;
  map: JourneyMap;
  canEdit: boolean;
  reading: ActionMetricReading | undefined;
  readingPending: boolean;
}) {
  const t = useTranslations("journeys.actions");
  const format = useFormatter();
  const describe = useDescribeTarget(map);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const owners = useQuery({ ...trpc.actions.owners.queryOptions(), enabled: canEdit });
  const choices = useQuery({ ...trpc.actions.metricChoices.queryOptions(), enabled: canEdit });
  const update = useMutation(
    trpc.actions.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.actions.list.pathFilter()),
    }),
  );
  const metricValue = action.metric ? `${action.metric.stage}:${action.metric.metric}` : NO_METRIC;
  const metricName = (() => {
    if (!action.metric) return null;
    const stage = choices.data?.find((s) => s.stage === action.metric?.stage);
    const metric = stage?.metrics.find((m) => m.key === action.metric?.metric);
    return metric && stage ? `${metric.name} (${stage.stageName})` : action.metric.metric;
  })();
  const label = (what: string) => t("fieldFor", { field: what, action: action.body.slice(0, 60) });
  const stamp = (date: Date | null) =>
    date ? format.dateTime(date, { dateStyle: "medium" }) : null;

  return (
    <li
      className="grid min-w-0 gap-2 rounded-md border border-border bg-card p-2 text-sm"
      data-testid="action-card"
    >
      <p className="whitespace-pre-wrap">{action.body}</p>
      <p className="text-xs text-muted-foreground">{describe(action.target)}</p>
      {canEdit ? (
        <div className="grid gap-2">
          <Select
            label={label(t("statusLabel"))}
            value={action.status}
            onValueChange={(status) =>
              update.mutate({ id: action.id, status: status as TActionStatus })
            }
            options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            disabled={update.isPending}
            className="w-full"
          />
          <Select
            label={label(t("ownerLabel"))}
            value={action.owner ? String(action.owner.id) : NOBODY}
            onValueChange={(v) =>
              update.mutate({ id: action.id, ownerId: v === NOBODY ? null : Number(v) })
            }
            options={[
              { value: NOBODY, label: t("nobody") },
              ...(owners.data ?? (action.owner ? [action.owner] : [])).map((o) => ({
                value: String(o.id),
                label: o.name || o.email,
              })),
            ]}
            disabled={update.isPending}
            className="w-full"
          />
          <Field id={`action-due-${action.id}`} label={t("dueLabel")}>
            {(c) => (
              <Input
                {...c}
                type="date"
                value={action.dueDate ?? ""}
                onChange={(e) =>
                  update.mutate({
                    id: action.id,
                    dueDate: e.target.value === "" ? null : e.target.value,
                  })
                }
                disabled={update.isPending}
              />
            )}
          </Field>
          <Select
            label={label(t("metricLabel"))}
            value={metricValue}
            onValueChange={(v) => {
              const [stage, metric] = v.split(":");
              update.mutate({
                id: action.id,
                metric: v === NO_METRIC || !stage || !metric ? null : { stage, metric },
              });
            }}
            options={[
              { value: NO_METRIC, label: t("noMetric") },
              ...(choices.data ?? []).flatMap((s) =>
                s.metrics.map((m) => ({
                  value: `${s.stage}:${m.key}`,
                  label: `${m.name} (${s.stageName})`,
                })),
              ),
            ]}
            disabled={update.isPending}
            className="w-full"
          />
          <RequestError error={update.error} />
        </div>
      ) : (
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
          <dt className="text-muted-foreground">{t("ownerLabel")}</dt>
          <dd>{action.owner ? action.owner.name || action.owner.email : t("nobody")}</dd>
          <dt className="text-muted-foreground">{t("dueLabel")}</dt>
          <dd>{action.dueDate ?? "—"}</dd>
          <dt className="text-muted-foreground">{t("metricLabel")}</dt>
          <dd>{metricName ?? t("noMetric")}</dd>
        </dl>
      )}
      {action.metric ? (
        <MetricReading reading={reading} pending={readingPending} name={metricName} />
      ) : null}
      <p className="flex flex-wrap gap-1 text-xs text-muted-foreground">
        {action.plannedAt ? (
          <Badge variant="outline">{t("plannedOn", { date: stamp(action.plannedAt) ?? "" })}</Badge>
        ) : null}
        {action.doneAt && action.status === "done" ? (
          <Badge variant="positive">{t("doneOn", { date: stamp(action.doneAt) ?? "" })}</Badge>
        ) : null}
      </p>
    </li>
  );
}

/** The metric the action should move: before (its planning or completion) and after, vs target. */
function MetricReading({
  reading,
  pending,
  name,
}: {
  reading: ActionMetricReading | undefined;
  pending: boolean;
  name: string | null;
}) {
  const t = useTranslations("journeys.actions");
  const tMetric = useTranslations("stageMetrics");
  const f = useFormatters();
  if (!reading) {
    return pending ? (
      <Skeleton className="h-10 w-full" />
    ) : (
      <p className="text-xs text-muted-foreground">{t("metricUnavailable")}</p>
    );
  }
  const metric = reading.after.value ?? reading.before?.value ?? null;
  if (!metric) return <p className="text-xs text-muted-foreground">{t("metricGone")}</p>;
  const show = (value: number | null | undefined) =>
    value === null || value === undefined ? t("noData") : formatMetricValue(f, metric.kind, value);
  const range = (w: { from: Date; to: Date }) =>
    f.dayRange(w.from, new Date(Math.max(w.from.getTime(), w.to.getTime() - 1)));
  const status = reading.after.value?.status ?? null;
  return (
    <div className="grid gap-1 rounded-md bg-muted/50 p-2 text-xs" data-testid="action-metric">
      <p className="font-medium">
        {name ?? metric.name}
        {metric.target ? (
          <span className="font-normal text-muted-foreground">
            {" · "}
            {tMetric("target", {
              op: metric.target.op,
              value: formatMetricValue(f, metric.kind, metric.target.value),
            })}
          </span>
        ) : null}
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-2">
        {reading.before ? (
          <>
            <dt className="text-muted-foreground">{t(`before.${reading.basis}`)}</dt>
            <dd title={range(reading.before)}>
              {show(reading.before.value?.value)}{" "}
              <span className="text-muted-foreground">(n = {reading.before.value?.n ?? 0})</span>
            </dd>
          </>
        ) : null}
        <dt className="text-muted-foreground">{t(`after.${reading.basis}`)}</dt>
        <dd title={range(reading.after)}>
          {show(reading.after.value?.value)}{" "}
          <span className="text-muted-foreground">(n = {reading.after.value?.n ?? 0})</span>
          {status ? (
            <Badge
              className="ml-1"
              variant={status === "met" ? "positive" : status === "missed" ? "negative" : "muted"}
            >
              {tMetric(`status.${status}`)}
            </Badge>
          ) : null}
        </dd>
      </dl>
    </div>
  );
}
