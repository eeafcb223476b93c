import type { TViewFilters, TViewPeriod } from "@parcours/validators";
import { useTranslations } from "next-intl";
import { useFormatters } from "~/lib/use-formatters";

/** "last 90 days · All customers and channels", as the list and the map header show it. */
export function useViewSummary() {
  const t = useTranslations("journeys");
  const f = useFormatters();
  return (view: { period: TViewPeriod; filters: TViewFilters }) => {
    const period =
      view.period.kind === "relative"
        ? t("periodRelative", { days: view.period.days })
        : t("periodFixed", {
            from: f.day(new Date(view.period.from)),
            to: f.day(new Date(view.period.to)),
          });
    const { personas, channels } = view.filters;
    const filters =
      personas.length === 0 && channels.length === 0
        ? t("filtersNone")
        : t("filtersSome", {
            personas: personas.join(", ") || t("all"),
            channels: channels.join(", ") || t("all"),
          });
    return `${period} · ${filters}`;
  };
}
