"use client";

import { Select, type SelectOption } from "@parcours/ui/select";
import { formatBreakdown, MAX_BREAKDOWN_TOP } from "@parcours/validators";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { useFunnel } from "./use-funnel";

/**
 * "Break down by" in the funnel builder: nothing, persona, or an attribute or property seen in
 * the data (issue 19 item 4), kept in the funnel's URL state.
 */
export function BreakdownSelect() {
  const t = useTranslations("funnelBreakdown");
  const { definition, setState } = useFunnel();
  if (!definition) return null;
  const by = definition.by;
  return (
    <BreakdownPicker
      value={by ? formatBreakdown(by) : definition.breakdown ? "persona" : "none"}
      top={by ? by.top : null}
      withPersona
      topHint={by ? t("topHint", { top: by.top }) : ""}
      testId="funnel-breakdown"
      onChoose={(next) => {
        if (next === "none") void setState({ breakdown: false, by: null });
        else if (next === "persona") void setState({ breakdown: true, by: null });
        else void setState({ breakdown: false, by: next });
      }}
      onTop={(top) => void setState({ top })}
    />
  );
}

export interface BreakdownPickerProps {
  /** `none`, `persona`, or `attribute:KEY` / `property:KEY`. */
  value: string;
  /** The number of values shown, for an attribute or property; null otherwise. */
  top: number | null;
  /** Whether `persona` is offered. */
  withPersona: boolean;
  /** What the top N means where the picker is used. */
  topHint: string;
  testId: string;
  onChoose: (value: string) => void;
  onTop: (top: number) => void;
  /** How a property is named where the picker is used (the funnel reads it on entry). */
  propertyLabel?: (key: string) => string;
}

/**
 * The "Break down by" select and its "values shown" input. The keys come from
 * funnels.breakdownKeys, which only people who may see customer data get: for others the list
 * holds nothing (and persona, where offered), and says why.
 */
export function BreakdownPicker({
  value,
  top,
  withPersona,
  topHint,
  testId,
  onChoose,
  onTop,
  propertyLabel,
}: BreakdownPickerProps) {
  const t = useTranslations("funnelBreakdown");
  const trpc = useTRPC();
  const topId = useId();
  const property = propertyLabel ?? ((key: string) => t("property", { key }));
  const keys = useQuery({
    ...trpc.funnels.breakdownKeys.queryOptions(),
    retry: false,
    staleTime: 5 * 60_000,
  });
  const [topText, setTopText] = useState<string | null>(null);
  const forbidden = keys.error?.data?.code === "FORBIDDEN";
  const attributes = keys.data?.attributes ?? [];
  const properties = keys.data?.properties ?? [];
  const options: SelectOption[] = [
    { value: "none", label: t("none") },
    ...(withPersona ? [{ value: "persona", label: t("persona") }] : []),
    ...attributes.map((key) => ({ value: `attribute:${key}`, label: t("attribute", { key }) })),
    ...properties.map((key) => ({ value: `property:${key}`, label: property(key) })),
  ];
  // A breakdown from the URL whose key is not in the sample stays selectable.
  const colon = value.indexOf(":");
  const kind = value.slice(0, colon);
  if (colon > 0 && (kind === "attribute" || kind === "property")) {
    if (!options.some((o) => o.value === value)) {
      const key = value.slice(colon + 1);
      options.push({ value, label: kind === "property" ? property(key) : t(kind, { key }) });
    }
  }
  const choose = (next: string) => {
    setTopText(null);
    onChoose(next);
  };
  const commitTop = (text: string) => {
    const n = Number(text);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_BREAKDOWN_TOP) onTop(n);
    setTopText(null);
  };
  return (
    <div className="flex flex-col gap-2" data-testid={testId}>
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
            {topHint}
          </p>
        </div>
      )}
    </div>
  );
}
