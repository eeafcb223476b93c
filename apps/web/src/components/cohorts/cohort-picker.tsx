"use client";

import { Select } from "@parcours/ui/select";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "~/trpc/react";

const EVERYONE = "all";

/** The filter bar's cohort: every customer, or the customers of one saved cohort. */
export function CohortPicker({
  value,
  onChange,
}: {
  value: number | null;
  onChange: (cohort: number | null) => void;
}) {
  const t = useTranslations("cohorts.filter");
  const trpc = useTRPC();
  const { data: cohorts } = useQuery(trpc.cohorts.list.queryOptions());
  const known = cohorts ?? [];
  // A cohort in the link that no longer exists stays listed, so the select says what is applied.
  const options = [
    { value: EVERYONE, label: t("everyone") },
    ...known.map((c) => ({ value: String(c.id), label: c.name })),
    ...(value !== null && cohorts && !known.some((c) => c.id === value)
      ? [{ value: String(value), label: t("unknown", { id: value }) }]
      : []),
  ];
  return (
    <div className="flex flex-col gap-1">
      <span className="text-muted-foreground text-xs font-medium" aria-hidden="true">
        {t("label")}
      </span>
      <Select
        label={t("label")}
        value={value === null ? EVERYONE : String(value)}
        onValueChange={(next) => onChange(next === EVERYONE ? null : Number(next))}
        className="w-48"
        options={options}
      />
    </div>
  );
}
