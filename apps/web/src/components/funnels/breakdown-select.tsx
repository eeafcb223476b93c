"use client";

import { Select, type SelectOption } from "@parcours/ui/select";
import { formatBreakdown, MAX_BREAKDOWN_TOP } from "@parcours/validators";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { useFunnel } from "./use-funnel";

/**
 * "Break down by": nothing, persona, or an attribute or property seen in the data (issue 19
 * item 4). The keys come from funnels.breakdownKeys, which only people who may see customer
 * data get: for others the list holds nothing and persona, and says why.
 */
export function BreakdownSelect() {
  const t = useTranslations("funnelBreakdown");
  const trpc = useTRPC();
  const topId = useId();
  const { definition, setState } = useFunnel();
  const keys = useQuery({
    ...trpc.funnels.breakdownKeys.queryOptions(),
    retry: false,
    staleTime: 5 * 60_000,
  });
  const [topText, setTopText] = useState<string | null>(null);
  if (!definition) return null;
  const by = definition.by;
  const value = by ? formatBreakdown(by) : definition.breakdown ? "persona" : "none";
  const forbidden = keys.error?.data?.code === "FORBIDDEN";
  const attributes = keys.data?.attributes ?? [];
  const properties = keys.data?.properties ?? [];
  const options: SelectOption[] = [
    { value: "none", label: t("none") },
    { value: "persona", label: t("persona") },
    ...attributes.map((key) => ({ value: `attribute:${key}`, label: t("attribute", { key }) })),
    ...properties.map((key) => ({ value: `property:${key}`, label: t("property", { key }) })),
  ];
  // A breakdown from the URL whose key is not in the sample stays selectable.
  if (by && !options.some((o) => o.value === value)) {
    options.push({ value, label: t(by.kind, { key: by.key }) });
  }
  const choose = (next: string) => {
    setTopText(null);
    if (next === "none") void setState({ breakdown: false, by: null });
    else if (next === "persona") void setState({ breakdown: true, by: null });
    else void setState({ breakdown: false, by: next });
  };
  const top = by ? by.top : null;
  const commitTop = (text: string) => {
    const n = Number(text);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_BREAKDOWN_TOP) void setState({ top: n });
    setTopText(null);
  };
  return (
    <div className="flex flex-col gap-2" data-testid="funnel-breakdown">
      <span className="font-medium text-sm">{t("label")}</span>
      <Select
        label={t("label")}
        value={value}
        onValueChange={choose}
        options={options}
        className="w-full"
      />
      {forbidden && <p className="text-muted-foreground text-xs">{t("keysHidden")}</p>}
      {keys.isError && !forbidden && (
        <p role="alert" className="text-negative text-xs">
          {t("keysError")}
        </p>
      )}
      {top !== null && (
        <div className="flex flex-col gap-1">
          <label htmlFor={topId} className="text-sm">
            {t("top")}
          </label>
          <input
            id={topId}
            type="number"
            min={1}
            max={MAX_BREAKDOWN_TOP}
            step={1}
            value={topText ?? String(top)}
            onChange={(event) => setTopText(event.currentTarget.value)}
            onBlur={(event) => commitTop(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") commitTop(event.currentTarget.value);
            }}
            aria-describedby={`${topId}-hint`}
            className="h-9 w-24 rounded-md border border-input bg-background px-2 text-sm"
          />
          <p id={`${topId}-hint`} className="text-muted-foreground text-xs">
            {t("topHint", { top })}
          </p>
        </div>
      )}
    </div>
  );
}
