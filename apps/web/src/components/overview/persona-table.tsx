"use client";

import type { Satisfaction } from "@parcours/db/metrics";
import { UNASSIGNED } from "@parcours/validators";
import { useTranslations } from "next-intl";
import { IntentLink } from "~/components/common/intent-link";
import { useFilterHref } from "~/filters/use-filters";
import { useFormatters } from "~/lib/use-formatters";

interface TRow {
  persona: string;
  label: string;
  colour: string;
  activeCustomers: number;
  events: number;
  conversionRate: number | null;
  satisfaction: Satisfaction;
  revenue: number;
  averageOrderValue: number | null;
}

/** The persona figures side by side; satisfaction always with its n. */
export function PersonaTable({ personas }: { personas: TRow[] }) {
  const t = useTranslations("personas");
  const tFilters = useTranslations("filters");
  const f = useFormatters();
  const href = useFilterHref();
  const dash = "—";
  const th = "px-2 py-2 text-right font-medium whitespace-nowrap";
  const td = "px-2 py-2 text-right tabular-nums whitespace-nowrap";

  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("tableCaption")}</caption>
        <thead className="border-border border-b text-muted-foreground text-xs">
          <tr>
            <th scope="col" className="px-2 py-2 text-left font-medium">
              {t("persona")}
            </th>
            <th scope="col" className={th}>
              {t("activeCustomers")}
            </th>
            <th scope="col" className={th}>
              {t("events")}
            </th>
            <th scope="col" className={th}>
              {t("conversionRate")}
            </th>
            <th scope="col" className={th}>
              {t("satisfaction")}
            </th>
            <th scope="col" className={th}>
              {t("revenue")}
            </th>
            <th scope="col" className={th}>
              {t("aov")}
            </th>
          </tr>
        </thead>
        <tbody>
          {personas.map((p) => (
            <tr key={p.persona} className="border-border border-b last:border-b-0">
              <th scope="row" className="px-2 py-2 text-left font-medium">
                <span className="inline-flex items-center gap-2">
                  <span
                    aria-hidden="true"
                    className="size-2.5 shrink-0 rounded-full"
                    style={{ backgroundColor: p.colour }}
                  />
                  {p.persona === UNASSIGNED ? (
                    tFilters("unassigned")
                  ) : (
                    <IntentLink
                      href={href(`/personas/${p.persona}`)}
                      className="rounded-sm hover:underline"
                    >
                      {p.label}
                    </IntentLink>
                  )}
                </span>
              </th>
              <td className={td}>{f.integer(p.activeCustomers)}</td>
              <td className={td}>{f.integer(p.events)}</td>
              <td className={td}>
                {p.conversionRate === null ? dash : f.percent(p.conversionRate)}
              </td>
              <td className={td}>
                <SatisfactionCell satisfaction={p.satisfaction} />
              </td>
              <td className={td}>{f.currency(p.revenue)}</td>
              <td className={td}>
                {p.averageOrderValue === null ? dash : f.currencyCents(p.averageOrderValue)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SatisfactionCell({ satisfaction }: { satisfaction: Satisfaction }) {
  const t = useTranslations("satisfaction");
  const f = useFormatters();
  if (satisfaction.mean === null) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="inline-flex flex-col items-end leading-tight">
      <span className={satisfaction.sufficient ? undefined : "text-muted-foreground"}>
        {satisfaction.sufficient ? f.rating(satisfaction.mean) : t("tooFew")}
      </span>
      <span className="text-muted-foreground text-xs">{t("n", { n: satisfaction.n })}</span>
    </span>
  );
}
