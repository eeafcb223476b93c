"use client";

import { Card } from "@parcours/ui/card";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { SatisfactionCell } from "../overview/persona-table";
import { profileOf } from "./profile-fields";

export function PersonaProfile({ personaKey }: { personaKey: string }) {
  const t = useTranslations("persona");
  const tPersonas = useTranslations("personas");
  const f = useFormatters();
  const trpc = useTRPC();
  const { data: catalogue } = useCatalogue();
  const persona = catalogue?.personas.find((p) => p.key === personaKey);
  const { filter } = useResolvedFilters({ persona: personaKey });
  const query = useQuery({
    ...trpc.dashboard.personas.queryOptions(inputs.personas(filter)),
    placeholderData: keepPreviousData,
  });
  const row = query.data?.personas.find((p) => p.persona === personaKey);
  if (!persona) return null;
  const profile = profileOf(persona);
  const lists = [
    { key: "goals", title: t("goals"), items: profile.goals },
    { key: "needs", title: t("needs"), items: profile.needs },
    { key: "painPoints", title: t("painPoints"), items: profile.painPoints },
  ] as const;
  const hasProfile = profile.description !== null || lists.some((l) => l.items.length > 0);
  const stats = row
    ? [
        { label: tPersonas("activeCustomers"), value: f.integer(row.activeCustomers) },
        { label: tPersonas("events"), value: f.integer(row.events) },
        {
          label: tPersonas("conversionRate"),
          value: row.conversionRate === null ? "—" : f.percent(row.conversionRate),
        },
        { label: tPersonas("revenue"), value: f.currency(row.revenue) },
        {
          label: tPersonas("aov"),
          value: row.averageOrderValue === null ? "—" : f.currencyCents(row.averageOrderValue),
        },
      ]
    : [];

  return (
    <Card title={t("profile")} titleAs="h2">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-4">
          {profile.description !== null && (
            <p className="text-sm leading-relaxed">{profile.description}</p>
          )}
          {lists.some((l) => l.items.length > 0) && (
            <div className="grid gap-4 md:grid-cols-3">
              {lists.map((l) =>
                l.items.length === 0 ? null : (
                  <div key={l.key}>
                    <h3 className="mb-1 font-medium text-sm">{l.title}</h3>
                    <ul className="list-disc space-y-0.5 pl-5 text-muted-foreground text-sm">
                      {l.items.map((item) => (
                        <li key={item}>{item}</li>
                      ))}
                    </ul>
                  </div>
                ),
              )}
            </div>
          )}
          {!hasProfile && <p className="text-muted-foreground text-sm">{t("noProfile")}</p>}
        </div>
        <dl
          className={`grid grid-cols-2 gap-x-4 gap-y-3 self-start rounded-lg bg-muted/60 p-4 text-sm transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`}
        >
          {stats.map((s) => (
            <div key={s.label}>
              <dt className="text-muted-foreground text-xs">{s.label}</dt>
              <dd className="font-semibold tabular-nums">{s.value}</dd>
            </div>
          ))}
          {row && (
            <div>
              <dt className="text-muted-foreground text-xs">{tPersonas("satisfaction")}</dt>
              <dd className="font-semibold tabular-nums [&>span]:items-start">
                <SatisfactionCell satisfaction={row.satisfaction} />
              </dd>
            </div>
          )}
        </dl>
      </div>
    </Card>
  );
}
