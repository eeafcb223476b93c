"use client";

import { type TCohortCondition, type TCohortRule, UNASSIGNED } from "@parcours/validators";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useFormatters } from "~/lib/use-formatters";

/** A cohort's rule in words, with the catalogue's names ("reached Purchase in the period and …"). */
export function useRuleWords(): (rule: TCohortRule) => string {
  const t = useTranslations("cohorts.page.rule");
  const f = useFormatters();
  const { data: catalogue } = useCatalogue();
  return useCallback(
    (rule: TCohortRule) => {
      const nameOf = (list: { key: string; name: string }[] | undefined, key: string) =>
        list?.find((item) => item.key === key)?.name ?? key;
      const words = (c: TCohortCondition): string => {
        switch (c.kind) {
          case "attribute":
            return t("attribute", {
              attribute: c.attribute,
              value: typeof c.value === "string" ? c.value : String(c.value),
            });
          case "persona":
            return t("persona", {
              persona:
                c.persona === UNASSIGNED ? t("unassigned") : nameOf(catalogue?.personas, c.persona),
            });
          case "reachedStage":
            return t("reachedStage", { stage: nameOf(catalogue?.stages, c.stage) });
          case "touched": {
            const touchpoint = nameOf(catalogue?.touchpoints, c.touchpoint);
            return c.maxRating === undefined
              ? t("touched", { touchpoint })
              : t("touchedRated", { touchpoint, rating: f.integer(c.maxRating) });
          }
          case "notReturned":
            return t("notReturned", { days: c.days });
        }
      };
      return rule.conditions.map(words).join(t("and"));
    },
    [t, f, catalogue],
  );
}
