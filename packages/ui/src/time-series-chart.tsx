"use client";

import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisLabel, axisLine, axisTick, gridStroke } from "./chart-theme";
import { ChartTooltipBox, payloadIndex } from "./chart-tooltip";

export interface TimeSeriesPoint {
  /** The bucket's label, already formatted by the app. */
  start: string;
  value: number | null;
  n: number;
  /** Drawn over a shaded band (an incomplete cohort): the figure may still change. */
  shaded?: boolean;
  /** Extra tooltip lines ("Partial week: 1–6 Dec"). */
  notes?: string[];
}

export interface TimeSeriesChartProps {
  points: TimeSeriesPoint[];
  format: (value: number) => string;
  formatNumber: (value: number) => string;
  labels: { value: string; sampleSize: string; noData: string };
  domain?: [number, number];
  variant?: "line" | "area";
  colour?: string;
  ariaLabel: string;
  height?: number;
  /** Vertical markers (annotations pinned to a date): `start` must be one of the points'. */
  markers?: { start: string; label: string }[];
  /** Written on the shaded band, and added to the chart's accessible name. */
  shadedLabel?: string;
}

/** Runs of consecutive shaded points, as [first, last] indexes. */
function shadedRuns(points: TimeSeriesPoint[]): [number, number][] {
  const runs: [number, number][] = [];
  points.forEach((p, i) => {
    if (!p.shaded) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  return runs;
}

export function TimeSeriesChart({
  points,
  format,
  formatNumber,
  labels,
  domain,
  variant = "area",
  colour = "var(--chart-1)",
  ariaLabel,
  height = 280,
  markers = [],
  shadedLabel,
}: TimeSeriesChartProps) {
  const data = points.map((p, index) => ({ index, start: p.start, value: p.value }));
  const known = points.filter((p) => p.value !== null);
  const first = known[0];
  const last = known[known.length - 1];
  const summary =
    first && last && first.value !== null && last.value !== null
      ? `. ${first.start}: ${format(first.value)}; ${last.start}: ${format(last.value)}`
      : "";
  const dot = points.length <= 40 ? { r: 2.5, fill: colour, strokeWidth: 0 } : false;

  const axes = (
    <>
      <CartesianGrid stroke={gridStroke} strokeDasharray="3 3" vertical={false} />
      <XAxis
        dataKey="start"
        tick={axisTick}
        axisLine={axisLine}
        tickLine={false}
        minTickGap={24}
        interval="preserveStartEnd"
      />
      <YAxis
        domain={domain ?? [0, "auto"]}
        allowDataOverflow={domain !== undefined}
        tick={axisTick}
        axisLine={false}
        tickLine={false}
        width={60}
        tickFormatter={(v: number) => format(v)}
        label={axisLabel(labels.value, "y")}
      />
      <Tooltip
        cursor={{ stroke: "var(--border)" }}
        content={(props) => {
          const point = points[payloadIndex(props.payload)];
          if (!point) return null;
          return (
            <ChartTooltipBox
              title={point.start}
              lines={[
                {
                  key: "v",
                  label: labels.value,
                  colour,
                  value: point.value === null ? labels.noData : format(point.value),
                },
                { key: "n", label: labels.sampleSize, value: formatNumber(point.n) },
                ...(point.notes ?? []).map((note, i) => ({
                  key: `note${i}`,
                  label: note,
                  value: "",
                })),
              ]}
            />
          );
        }}
      />
    </>
  );
  // One line per bucket and text: two identical comments on one day draw one marker.
  const uniqueMarkers = [
    ...new Map(markers.map((m) => [`${m.start}\u0000${m.label}`, m])).entries(),
  ];
  const markerLines = uniqueMarkers.map(([key, m]) => (
    <ReferenceLine
      key={key}
      x={m.start}
      stroke="var(--warning)"
      strokeDasharray="4 3"
      label={{
        value: m.label,
        position: "insideTopLeft",
        fill: "var(--muted-foreground)",
        fontSize: 11,
      }}
    />
  ));
  // A run of one point would be a band of no width: it starts at the point before instead.
  const bands = shadedRuns(points).map(([first, last]) => (
    <ReferenceArea
      key={`shade-${first}`}
      x1={points[first === last ? Math.max(0, first - 1) : first]?.start}
      x2={points[last]?.start}
      fill="var(--muted-foreground)"
      fillOpacity={0.14}
      stroke="var(--muted-foreground)"
      strokeOpacity={0.3}
      strokeDasharray="3 3"
      ifOverflow="extendDomain"
      label={
        shadedLabel === undefined
          ? undefined
          : {
              value: shadedLabel,
              position: "insideTop",
              fill: "var(--muted-foreground)",
              fontSize: 11,
            }
      }
    />
  ));
  const shadedSummary =
    shadedLabel !== undefined && points.some((p) => p.shaded) ? `. ${shadedLabel}` : "";
  const markerSummary =
    markers.length > 0 ? `. ${markers.map((m) => `${m.start}: ${m.label}`).join("; ")}` : "";
  const margin = { top: 12, right: 16, bottom: 4, left: 8 };

  return (
    <div
      role="img"
      aria-label={`${ariaLabel}${summary}${markerSummary}${shadedSummary}`}
      style={{ height }}
    >
      <ResponsiveContainer width="100%" height="100%">
        {variant === "area" ? (
          <AreaChart data={data} margin={margin} accessibilityLayer={false}>
            {axes}
            {bands}
            {markerLines}
            <Area
              type="monotone"
              dataKey="value"
              name={labels.value}
              stroke={colour}
              strokeWidth={2}
              fill={colour}
              fillOpacity={0.12}
              dot={dot}
              connectNulls={false}
            />
          </AreaChart>
        ) : (
          <LineChart data={data} margin={margin} accessibilityLayer={false}>
            {axes}
            {bands}
            {markerLines}
            <Line
              type="monotone"
              dataKey="value"
              name={labels.value}
              stroke={colour}
              strokeWidth={2}
              dot={dot}
              connectNulls={false}
            />
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
