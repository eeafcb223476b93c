"use client";

import * as RadixTooltip from "@radix-ui/react-tooltip";
import { memo } from "react";
import { cn } from "./cn";
import { HEAT_STEPS, type HeatmapMetric, heatColours, heatDomain, heatStep } from "./heatmap-scale";
import { sameProps } from "./same-props";
import { ScrollArea } from "./scroll-area";

export type { HeatmapMetric } from "./heatmap-scale";

export interface HeatmapCellData {
  stage: string;
  value: number | null;
  n: number;
  sufficient: boolean;
  display: string;
  tooltip: string;
}

export interface HeatmapRowData {
  key: string;
  label: string;
  cells: HeatmapCellData[];
}

export interface HeatmapGroup {
  key: string;
  label: string;
  rows: HeatmapRowData[];
}

export interface HeatmapLabels {
  caption: string;
  corner: string;
  legend: string;
  insufficient: string;
  empty?: string;
  /** Under the table when it is wider than its box (the caption when not given). */
  scrollHint?: string;
}

export interface HeatmapProps {
  stages: { key: string; label: string }[];
  groups: HeatmapGroup[];
  metric: HeatmapMetric;
  domain?: [number, number];
  formatValue: (value: number) => string;
  labels: HeatmapLabels;
  className?: string;
  /**
   * A link for a cell (the customers behind it), or undefined for none: the cell's figure
   * becomes a link, labelled for screen readers, that opens its list.
   */
  cellLink?:
    | ((row: string, stage: string) => { href: string; label: string } | undefined)
    | undefined;
}

function HeatmapChart({
  stages,
  groups,
  metric,
  domain,
  formatValue,
  labels,
  className,
  cellLink,
}: HeatmapProps) {
  const values = groups.flatMap((g) =>
    g.rows.flatMap((r) => r.cells.flatMap((c) => (c.value === null ? [] : [c.value]))),
  );
  const bounds = heatDomain(metric, values, domain);

  return (
    <RadixTooltip.Provider delayDuration={150}>
      <div className={cn("space-y-3", className)}>
        <ScrollArea
          hint={labels.scrollHint ?? labels.caption}
          contentClassName="rounded-md border border-border"
        >
          <table className="w-full border-separate border-spacing-0 text-sm">
            <caption className="sr-only">{labels.caption}</caption>
            <thead>
              <tr>
                <th
                  scope="col"
                  className="sticky left-0 z-10 min-w-40 border-border border-b bg-card px-3 py-2 text-left font-medium text-muted-foreground text-xs"
                >
                  {labels.corner}
                </th>
                {stages.map((stage) => (
                  <th
                    key={stage.key}
                    scope="col"
                    className="min-w-24 border-border border-b bg-card px-2 py-2 text-center font-medium text-muted-foreground text-xs"
                  >
                    {stage.label}
                  </th>
                ))}
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.key}>
                <tr>
                  <th
                    scope="colgroup"
                    colSpan={stages.length + 1}
                    className="sticky left-0 bg-muted px-3 py-1.5 text-left font-semibold text-muted-foreground text-xs uppercase tracking-wide"
                  >
                    {group.label}
                  </th>
                </tr>
                {group.rows.map((row) => (
                  <tr key={row.key}>
                    <th
                      scope="row"
                      className="sticky left-0 z-10 whitespace-nowrap border-border border-b bg-card px-3 py-1.5 text-left font-normal"
                    >
                      {row.label}
                    </th>
                    {stages.map((stage) => (
                      <HeatCell
                        key={stage.key}
                        cell={row.cells.find((c) => c.stage === stage.key)}
                        metric={metric}
                        bounds={bounds}
                        emptyLabel={labels.empty}
                        link={cellLink?.(row.key, stage.key)}
                      />
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </ScrollArea>
        <HeatLegend metric={metric} bounds={bounds} formatValue={formatValue} labels={labels} />
      </div>
    </RadixTooltip.Provider>
  );
}

function HeatCell({
  cell,
  metric,
  bounds,
  emptyLabel,
  link,
}: {
  cell: HeatmapCellData | undefined;
  metric: HeatmapMetric;
  bounds: [number, number];
  emptyLabel: string | undefined;
  link?: { href: string; label: string } | undefined;
}) {
  const base = "h-10 border-border border-b border-l px-2 text-center text-xs tabular-nums";
  if (!cell) {
    return (
      <td className={cn(base, "text-muted-foreground")}>
        <span aria-hidden={emptyLabel === undefined}>{emptyLabel ?? ""}</span>
      </td>
    );
  }
  const step = cell.sufficient ? heatStep(metric, cell.value, bounds) : null;
  const colours = cn(
    !cell.sufficient && "bg-hatch text-muted-foreground italic",
    cell.sufficient && step === null && "text-muted-foreground",
    step !== null && "font-medium",
  );
  const tooltip = (
    <RadixTooltip.Portal>
      <RadixTooltip.Content
        side="top"
        sideOffset={4}
        className="z-50 max-w-64 whitespace-pre-line rounded-md border border-border bg-popover px-2.5 py-1.5 text-popover-foreground text-xs shadow-md"
      >
        {cell.tooltip}
      </RadixTooltip.Content>
    </RadixTooltip.Portal>
  );
  if (link) {
    // The link is the focusable part: the tooltip opens on its focus as on the cell's.
    return (
      <td
        data-sufficient={cell.sufficient}
        className={cn(base, "p-0", colours)}
        style={step === null ? undefined : heatColours(metric, step)}
      >
        <RadixTooltip.Root>
          <RadixTooltip.Trigger asChild>
            <a
              href={link.href}
              aria-label={`${link.label}: ${cell.display}`}
              className="flex h-full w-full items-center justify-center px-2 underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset"
            >
              {cell.display}
            </a>
          </RadixTooltip.Trigger>
          {tooltip}
        </RadixTooltip.Root>
      </td>
    );
  }
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>
        <td
          // Focusable so keyboard users get the same tooltip as a mouse hover.
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the cell opens a tooltip on focus
          tabIndex={0}
          data-sufficient={cell.sufficient}
          className={cn(
            base,
            "cursor-default outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset",
            !cell.sufficient && "bg-hatch text-muted-foreground italic",
            cell.sufficient && step === null && "text-muted-foreground",
            step !== null && "font-medium",
          )}
          style={step === null ? undefined : heatColours(metric, step)}
        >
          {cell.display}
        </td>
      </RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content
          side="top"
          sideOffset={4}
          className="z-50 max-w-64 whitespace-pre-line rounded-md border border-border bg-popover px-2.5 py-1.5 text-popover-foreground text-xs shadow-md"
        >
          {cell.tooltip}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}

function HeatLegend({
  metric,
  bounds,
  formatValue,
  labels,
}: {
  metric: HeatmapMetric;
  bounds: [number, number];
  formatValue: (value: number) => string;
  labels: HeatmapLabels;
}) {
  const [low, high] = bounds;
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-muted-foreground text-xs">
      <div className="flex items-center gap-2">
        <span className="font-medium text-foreground">{labels.legend}</span>
        <span className="tabular-nums">{formatValue(low)}</span>
        <span className="flex overflow-hidden rounded-sm border border-border" aria-hidden="true">
          {HEAT_STEPS.map((step) => (
            <span
              key={step}
              className="h-3 w-7"
              style={{ backgroundColor: heatColours(metric, step).backgroundColor }}
            />
          ))}
        </span>
        <span className="tabular-nums">{formatValue(high)}</span>
      </div>
      <div className="flex items-center gap-2">
        <span aria-hidden="true" className="h-3 w-7 rounded-sm border border-border bg-hatch" />
        <span>{labels.insufficient}</span>
      </div>
    </div>
  );
}

/** Redrawn only when its props change by content (see same-props.ts). */
export const Heatmap = memo(HeatmapChart, sameProps);
