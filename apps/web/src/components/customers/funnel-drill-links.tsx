"use client";

import type { TFunnelStep } from "@parcours/validators";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { TFunnelTableStep } from "~/components/overview/funnel-columns";
import { useDrillHref } from "./use-drill-href";

const LINK =
  "rounded text-primary underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

/**
 * Under a funnel: each step's customers, and those who dropped there, as links to their list
 * (nothing for a user who may not see customers).
 */
export function FunnelDrillLinks({
  steps,
  chartSteps,
  windowSeconds,
  persona,
}: {
  steps: TFunnelStep[];
  chartSteps: TFunnelTableStep[];
  windowSeconds: number;
  persona?: string | undefined;
}) {
  const t = useTranslations("customers.drill");
  const href = useDrillHref(persona ? { persona } : {});
  if (!href || chartSteps.length !== steps.length || windowSeconds <= 0) return null;
  const source = (step: number, outcome: "reached" | "dropped") =>
    href({ kind: "funnel", steps, windowSeconds, step, outcome });
  return (
    <nav aria-label={t("links")} className="mt-3 border-t border-border pt-3">
      <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="funnel-drill">
        {chartSteps.map((step, i) => {
          const previous = chartSteps[i - 1];
          return (
            <li key={step.key} className="flex flex-wrap items-baseline gap-x-2">
              <span className="text-muted-foreground">{step.label}</span>
              <Link
                href={source(i, "reached")}
                className={LINK}
                aria-label={t("openStep", { step: step.label })}
              >
                {t("reached", { count: step.customers })}
              </Link>
              {previous && step.dropOff > 0 ? (
                <Link
                  href={source(i, "dropped")}
                  className={LINK}
                  aria-label={t("openDropped", { previous: previous.label, step: step.label })}
                >
                  {t("dropped", { count: step.dropOff })}
                </Link>
              ) : null}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
