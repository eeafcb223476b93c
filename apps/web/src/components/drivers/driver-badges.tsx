"use client";

import type { DriverComparison, Drivers, TouchpointDriver } from "@parcours/db/metrics";
import { cn } from "@parcours/ui/cn";
import type { TAnalyticsFilter } from "@parcours/validators";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type TFormatters, useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";

const TONE: Record<DriverComparison["verdict"], string> = {
  helps: "border-(--chart-7) text-(--chart-7)",
  hurts: "border-(--chart-4) text-(--chart-4)",
  unclear: "border-border text-muted-foreground",
  too_few: "border-dashed border-border text-muted-foreground opacity-70",
};

/** The journey map's driver column: the drivers for the map's own filter, by touchpoint. */
export function useDriversByTouchpoint(filter: TAnalyticsFilter | undefined) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.drivers.touchpoints.queryOptions(filter ? inputs.drivers(filter) : skipToken),
  );
  return byTouchpoint(query.data);
}

/** The same for a share link: its view's period and filters, read on the server. */
export function useSharedDriversByTouchpoint(token: string) {
  const trpc = useTRPC();
  return byTouchpoint(useQuery(trpc.shared.drivers.queryOptions({ token })).data);
}

function byTouchpoint(drivers: Drivers | undefined) {
  return drivers ? new Map(drivers.touchpoints.map((d) => [d.touchpoint, d])) : undefined;
}

function Badge({
  comparison,
  label,
  format,
  f,
  testId,
}: {
  comparison: DriverComparison;
  label: string;
  format: (v: number) => string;
  f: TFormatters;
  testId: string;
}) {
  const t = useTranslations("drivers");
  if (comparison.difference === null) return null;
  const interval =
    comparison.low !== null && comparison.high !== null
      ? `${format(comparison.low)} – ${format(comparison.high)}`
      : "—";
  const text = `${label} ${t(`verdicts.${comparison.verdict}`)}: ${format(comparison.difference)} (${t("interval")} ${interval}; ${t("columns.nWith")} ${f.integer(comparison.nWith)}, ${t("columns.nWithout")} ${f.integer(comparison.nWithout)})`;
  return (
    <span
      data-testid={testId}
      data-verdict={comparison.verdict}
      title={text}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded border px-1.5 py-0.5 text-xs tabular-nums",
        TONE[comparison.verdict],
      )}
    >
      <span aria-hidden="true">{label}</span>
      <span aria-hidden="true">{format(comparison.difference)}</span>
      <span className="sr-only">{text}</span>
    </span>
  );
}

/** A touchpoint's drivers as small badges: conversion (when its stage has one), satisfaction. */
export function DriverBadges({ driver }: { driver: TouchpointDriver | undefined }) {
  const t = useTranslations("drivers");
  const f = useFormatters();
  if (!driver) return <span className="text-muted-foreground">·</span>;
  return (
    <span className="flex flex-col items-start gap-1">
      {driver.conversion ? (
        <Badge
          comparison={driver.conversion}
          label={t("measures.conversion")}
          format={f.pointsChange}
          f={f}
          testId={`driver-conversion-${driver.touchpoint}`}
        />
      ) : null}
      <Badge
        comparison={driver.satisfaction}
        label="★"
        format={f.ratingChange}
        f={f}
        testId={`driver-satisfaction-${driver.touchpoint}`}
      />
    </span>
  );
}
