"use client";

import { memo } from "react";

import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  type XAxisTickContentProps,
  YAxis,
  type YAxisTickContentProps,
} from "recharts";
import { axisLabel, axisLine, axisTick, gridStroke } from "./chart-theme";
import { ChartLegend, ChartTooltipBox, payloadIndex, type TooltipLine } from "./chart-tooltip";
import { sameProps } from "./same-props";

export interface FunnelChartStep {
  key: string;
  label: string;
  customers: number;
  conversionFromPrevious: number | null;
  conversionOverall: number | null;
  dropOff: number;
  medianSecondsToStep: number | null;
}

export interface FunnelChartSeries {
  key: string;
  label: string;
  colour: string;
  /** Customers at each step, in step order. */
  values: number[];
}

export interface FunnelChartLabels {
  customers: string;
  conversionFromPrevious: string;
  conversionOverall: string;
  dropOff: string;
  medianTime: string;
}

export interface FunnelChartProps {
  steps: FunnelChartStep[];
  series?: FunnelChartSeries[];
  orientation?: "vertical" | "horizontal";
  formatNumber: (value: number) => string;
  formatPercent: (ratio: number) => string;
  formatDuration: (seconds: number) => string;
  labels: FunnelChartLabels;
  ariaLabel: string;
  height?: number;
  colour?: string;
}

const DASH = "—";

function FunnelChartView({
  steps,
  series,
  orientation = "vertical",
  formatNumber,
  formatPercent,
  formatDuration,
  labels,
  ariaLabel,
  height = 340,
  colour = "var(--chart-1)",
}: FunnelChartProps) {
  const grouped = series !== undefined && series.length > 0;
  const horizontal = orientation === "horizontal";
  const data = steps.map((step, index) => {
    const row: Record<string, string | number> = {
      index,
      label: step.label,
      customers: step.customers,
    };
    series?.forEach((s, j) => {
      row[`s${j}`] = s.values[index] ?? 0;
    });
    return row;
  });

  const pct = (v: number | null) => (v === null ? DASH : formatPercent(v));
  const details = (step: FunnelChartStep, index: number) =>
    index === 0 || grouped
      ? null
      : {
          conversion: `${pct(step.conversionFromPrevious)} · −${formatNumber(step.dropOff)}`,
          time:
            step.medianSecondsToStep === null
              ? DASH
              : `◷ ${formatDuration(step.medianSecondsToStep)}`,
        };

  const summary = steps
    .map((s) => `${s.label}: ${formatNumber(s.customers)} (${pct(s.conversionOverall)})`)
    .join("; ");

  const columnTick = ({ x, y, payload }: XAxisTickContentProps) => {
    const step = steps[payload.index];
    if (!step) return null;
    const extra = details(step, payload.index);
    return (
      <g transform={`translate(${x},${y})`}>
        <text textAnchor="middle" fontSize={12} fill="var(--foreground)">
          <tspan x={0} dy={14} fontWeight={500}>
            {step.label}
          </tspan>
          {extra && (
            <>
              <tspan x={0} dy={16} fill="var(--muted-foreground)">
                {extra.conversion}
              </tspan>
              <tspan x={0} dy={15} fill="var(--muted-foreground)">
                {extra.time}
              </tspan>
            </>
          )}
        </text>
      </g>
    );
  };

  const rowTick = ({ x, y, payload }: YAxisTickContentProps) => {
    const step = steps[payload.index];
    if (!step) return null;
    const extra = details(step, payload.index);
    return (
      <g transform={`translate(${x},${y})`}>
        <text textAnchor="end" fontSize={12} fill="var(--foreground)">
          <tspan x={-6} dy={extra ? -3 : 4} fontWeight={500}>
            {step.label}
          </tspan>
          {extra && (
            <tspan x={-6} dy={15} fill="var(--muted-foreground)">
              {`${extra.conversion} · ${extra.time}`}
            </tspan>
          )}
        </text>
      </g>
    );
  };

  const tooltip = (index: number) => {
    const step = steps[index];
    if (!step) return null;
    const lines: TooltipLine[] = grouped
      ? (series ?? []).map((s) => ({
          key: s.key,
          label: s.label,
          colour: s.colour,
          value: formatNumber(s.values[index] ?? 0),
        }))
      : [
          { key: "c", label: labels.customers, value: formatNumber(step.customers), colour },
          ...(index === 0
            ? []
            : [
                {
                  key: "p",
                  label: labels.conversionFromPrevious,
                  value: pct(step.conversionFromPrevious),
                },
                { key: "o", label: labels.conversionOverall, value: pct(step.conversionOverall) },
                { key: "d", label: labels.dropOff, value: formatNumber(step.dropOff) },
                {
                  key: "t",
                  label: labels.medianTime,
                  value:
                    step.medianSecondsToStep === null
                      ? DASH
                      : formatDuration(step.medianSecondsToStep),
                },
              ]),
        ];
    return <ChartTooltipBox title={step.label} lines={lines} />;
  };

  const bars = grouped ? (
    (series ?? []).map((s, j) => (
      <Bar
        key={s.key}
        dataKey={`s${j}`}
        name={s.label}
        fill={s.colour}
        radius={horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0]}
        maxBarSize={36}
      />
    ))
  ) : (
    <Bar
      dataKey="customers"
      name={labels.customers}
      fill={colour}
      radius={horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0]}
      maxBarSize={horizontal ? 32 : 72}
    >
      <LabelList
        dataKey="customers"
        position={horizontal ? "right" : "top"}
        formatter={(v) => (typeof v === "number" ? formatNumber(v) : "")}
        fill="var(--foreground)"
        fontSize={12}
        fontWeight={500}
      />
    </Bar>
  );

  return (
    <div>
      <div role="img" aria-label={`${ariaLabel}. ${summary}`} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout={horizontal ? "vertical" : "horizontal"}
            margin={
              horizontal
                ? { top: 4, right: 56, bottom: 4, left: 4 }
                : { top: 24, right: 8, bottom: 4, left: 8 }
            }
            barCategoryGap={horizontal ? "20%" : "18%"}
            accessibilityLayer={false}
          >
            <CartesianGrid
              stroke={gridStroke}
              strokeDasharray="3 3"
              horizontal={!horizontal}
              vertical={horizontal}
            />
            {horizontal ? (
              <>
                <XAxis
                  type="number"
                  tick={axisTick}
                  axisLine={axisLine}
                  tickLine={false}
                  tickFormatter={(v: number) => formatNumber(v)}
                />
                <YAxis
                  type="category"
                  dataKey="label"
                  width={grouped ? 140 : 190}
                  tick={rowTick}
                  axisLine={axisLine}
                  tickLine={false}
                  interval={0}
                />
              </>
            ) : (
              <>
                <XAxis
                  dataKey="label"
                  tick={columnTick}
                  height={grouped ? 28 : 62}
                  axisLine={axisLine}
                  tickLine={false}
                  interval={0}
                />
                <YAxis
                  tick={axisTick}
                  axisLine={false}
                  tickLine={false}
                  width={64}
                  tickFormatter={(v: number) => formatNumber(v)}
                  label={axisLabel(labels.customers, "y")}
                />
              </>
            )}
            <Tooltip
              cursor={{ fill: "var(--muted)", opacity: 0.6 }}
              content={(props) => tooltip(payloadIndex(props.payload))}
            />
            {bars}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {grouped && (
        <ChartLegend
          items={(series ?? []).map((s) => ({ key: s.key, label: s.label, colour: s.colour }))}
        />
      )}
      {!grouped && steps.length > 1 && (
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-muted-foreground text-xs">
          <li>
            <span className="font-medium text-foreground">%</span> {labels.conversionFromPrevious}
          </li>
          <li>
            <span className="font-medium text-foreground">−n</span> {labels.dropOff}
          </li>
          <li>
            <span className="font-medium text-foreground">◷</span> {labels.medianTime}
          </li>
        </ul>
      )}
    </div>
  );
}

/** Redrawn only when its props change by content (see same-props.ts). */
export const FunnelChart = memo(FunnelChartView, sameProps);
