"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useFormatters } from "~/lib/use-formatters";
import { useDrillHref } from "./use-drill-href";

export interface TPersonaReachRow {
  /** Persona key, or `unassigned`. */
  persona: string;
  label: string;
  colour: string;
  /** Customers with an event in each stage, by stage key (the persona breakdown's reach). */
  reach: Record<string, number>;
}

const LINK =
  "rounded text-primary underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

/**
 * Each persona's customers per stage, in the catalogue's order; a figure opens its customers
 * (the persona × stage list) for users allowed to see them, and stays a number otherwise.
 * `pinPersona`: the persona a persona page pins, kept in the list's filters.
 */
export function PersonaStageReach({
  rows,
  pinPersona,
}: {
  rows: TPersonaReachRow[];
  pinPersona?: string;
}) {
  const t = useTranslations("customers.drill");
  const f = useFormatters();
  const { data: catalogue } = useCatalogue();
  const drill = useDrillHref(pinPersona ? { persona: pinPersona } : {});
  const first = rows[0];
  const stages = (catalogue?.stages ?? []).filter((s) => first && s.key in first.reach);
  if (!first || stages.length === 0) return null;
  const th = "px-2 py-2 text-right font-medium whitespace-nowrap";
  const td = "px-2 py-2 text-right tabular-nums whitespace-nowrap";

  return (
    <div className="overflow-x-auto" data-testid="persona-stage-reach">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("reach.caption")}</caption>
        <thead className="border-border border-b text-muted-foreground text-xs">
          <tr>
            <th scope="col" className="px-2 py-2 text-left font-medium">
              {t("reach.persona")}
            </th>
            {stages.map((s) => (
              <th key={s.key} scope="col" className={th}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.persona} className="border-border border-b last:border-b-0">
              <th scope="row" className="px-2 py-2 text-left font-medium">
                <span className="inline-flex items-center gap-2">
                  <span
                    aria-hidden="true"
                    className="size-2.5 shrink-0 rounded-full"
                    style={{ backgroundColor: row.colour }}
                  />
                  {row.label}
                </span>
              </th>
              {stages.map((s) => {
                const count = row.reach[s.key] ?? 0;
                return (
                  <td key={s.key} className={td} data-testid={`reach-${row.persona}-${s.key}`}>
                    {drill && count > 0 ? (
                      <Link
                        href={drill({ kind: "persona-stage", persona: row.persona, stage: s.key })}
                        className={LINK}
                        aria-label={t("openPersonaStage", {
                          persona: row.label,
                          count,
                          stage: s.name,
                        })}
                      >
                        {f.integer(count)}
                      </Link>
                    ) : (
                      f.integer(count)
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
