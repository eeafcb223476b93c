"use client";

import type { ViewJourney } from "@parcours/db/metrics";
import { Card } from "@parcours/ui/card";
import type { TViewFilters } from "@parcours/validators";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { HowComputed } from "~/components/common/how-computed";
import { SectionError } from "~/components/common/section-error";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";
import { designedInput } from "./designed-input";

/** "How customers really move": the catalogue's stage order against what customers did. */
export function HowCustomersMove({
  journey,
  filters,
}: {
  journey: ViewJourney;
  filters: TViewFilters | undefined;
}) {
  const t = useTranslations("paths.designed");
  const f = useFormatters();
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.paths.designed.queryOptions(designedInput(journey, filters)),
    placeholderData: keepPreviousData,
  });
  const title = t("title");
  if (query.isError && !query.data) {
    return <SectionError title={title} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const d = query.data;
  const days = Math.round(journey.map.windowSeconds / 86_400);
  const share = (v: number | null) => (v === null ? "—" : f.percent(v));
  const figures = d
    ? [
        { key: "following", label: t("following"), value: d.following },
        { key: "skipping", label: t("skipping"), value: d.skipping },
        { key: "backtracking", label: t("backtracking"), value: d.backtracking },
        { key: "looping", label: t("looping"), value: d.looping },
      ]
    : [];
  const stages = d?.stages.filter((s) => s.skipped.customers > 0 || s.revisited.customers > 0);
  return (
    <Card
      title={title}
      description={t("description")}
      aria-busy={query.isPending || undefined}
      data-testid="how-customers-move"
      footer={<HowComputed testId="designed-definition">{t("definition", { days })}</HowComputed>}
    >
      {!d ? (
        <p className="text-muted-foreground text-sm">{t("loading")}</p>
      ) : d.customers === 0 ? (
        <p className="text-muted-foreground text-sm">{t("empty")}</p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <dl className="grid grid-cols-2 gap-3">
            {figures.map((x) => (
              <div key={x.key} className="rounded-md border border-border p-3">
                <dt className="text-muted-foreground text-xs">{x.label}</dt>
                <dd className="font-semibold text-lg tabular-nums">{share(x.value.share)}</dd>
                <dd className="text-muted-foreground text-xs">
                  {t("ofCustomers", { count: x.value.customers, total: f.integer(d.customers) })}
                </dd>
              </div>
            ))}
          </dl>
          <table className="w-full text-sm">
            <caption className="mb-2 text-left font-medium">{t("stagesCaption")}</caption>
            <thead>
              <tr className="text-muted-foreground text-xs">
                <th scope="col" className="text-left font-medium">
                  {t("stage")}
                </th>
                <th scope="col" className="text-right font-medium">
                  {t("skipped")}
                </th>
                <th scope="col" className="text-right font-medium">
                  {t("revisited")}
                </th>
              </tr>
            </thead>
            <tbody>
              {stages && stages.length > 0 ? (
                stages.map((s) => (
                  <tr key={s.key} className="border-border border-t">
                    <th scope="row" className="py-1 text-left font-normal">
                      {s.name}
                    </th>
                    <td className="text-right tabular-nums">{share(s.skipped.share)}</td>
                    <td className="text-right tabular-nums">{share(s.revisited.share)}</td>
                  </tr>
                ))
              ) : (
                <tr>
                  <td colSpan={3} className="py-1 text-muted-foreground">
                    {t("noDeviation")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div>
            <table className="w-full text-sm">
              <caption className="mb-2 text-left font-medium">
                {t("leavingCaption", { count: d.leavers, days })}
              </caption>
              <thead>
                <tr className="text-muted-foreground text-xs">
                  <th scope="col" className="text-left font-medium">
                    {t("touchpoint")}
                  </th>
                  <th scope="col" className="text-right font-medium">
                    {t("customers")}
                  </th>
                  <th scope="col" className="text-right font-medium">
                    {t("ofLeavers")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.lastTouchpoints.length > 0 ? (
                  d.lastTouchpoints.slice(0, 5).map((l) => (
                    <tr key={l.touchpoint} className="border-border border-t">
                      <th scope="row" className="py-1 text-left font-normal">
                        {l.name}
                      </th>
                      <td className="text-right tabular-nums">{f.integer(l.customers)}</td>
                      <td className="text-right tabular-nums">{share(l.share)}</td>
                    </tr>
                  ))
                ) : (
                  <tr>
                    <td colSpan={3} className="py-1 text-muted-foreground">
                      {t("noLeavers")}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            {d.tooRecent > 0 && (
              <p className="mt-2 text-muted-foreground text-xs" data-testid="designed-too-recent">
                {t("tooRecent", { count: d.tooRecent, days })}
              </p>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}
