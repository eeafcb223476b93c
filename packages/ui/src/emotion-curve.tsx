"use client";

import { memo } from "react";

import {
  CartesianGrid,
  type DotItemDotProps,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisLabel, axisLine, axisTick, gridStroke } from "./chart-theme";
import { ChartLegend, ChartTooltipBox, payloadIndex } from "./chart-tooltip";
import { sameProps } from "./same-props";

export interface EmotionPointData {
  stage: string;
  mean: number | null;
  n: number;
  sufficient: boolean;
}

export interface EmotionSeriesData {
  key: string;
  label: string;
  colour: string;
  /** Drawn thicker; the series keyed `overall` is emphasised by default. */
  emphasis?: boolean;
  points: EmotionPointData[];
}

export interface EmotionCurveProps {
  stages: { key: string; label: string }[];
  series: EmotionSeriesData[];
  formatRating: (value: number) => string;
  formatNumber: (value: number) => string;
  labels: { satisfaction: string; sampleSize: string; tooFew: string; noData: string };
  ariaLabel: string;
  height?: number;
}

const RATINGS = [1, 2, 3, 4, 5];

function EmotionCurveChart({
  stages,
  series,
  formatRating,
  formatNumber,
  labels,
  ariaLabel,
  height = 320,
}: EmotionCurveProps) {
  const pointAt = (s: EmotionSeriesData, stage: string) => s.points.find((p) => p.stage === stage);
  const emphasised = (s: EmotionSeriesData) => s.emphasis ?? s.key === "overall";
  const data = stages.map((stage, index) => {
    const row: Record<string, string | number | null> = { index, stage: stage.label };
    series.forEach((s, j) => {
      row[`s${j}`] = pointAt(s, stage.key)?.mean ?? null;
    });
    return row;
  });

  const summary = series
    .map((s) => {
      const values = stages.map((stage) => {
        const mean = pointAt(s, stage.key)?.mean;
        return `${stage.label} ${mean === null || mean === undefined ? labels.noData : formatRating(mean)}`;
      });
      return `${s.label}: ${values.join(", ")}`;
    })
    .join("; ");

  const dot =
    (s: EmotionSeriesData, j: number) =>
    ({ cx, cy, index }: DotItemDotProps) => {
      const stage = stages[index];
      const point = stage ? pointAt(s, stage.key) : undefined;
      if (cx === undefined || cy === undefined || !point || point.mean === null) {
        return <g key={`${j}-${index}`} />;
      }
      const r = emphasised(s) ? 4.5 : 3.5;
      return point.sufficient ? (
        <circle
          key={`${j}-${index}`}
          cx={cx}
          cy={cy}
          r={r}
          fill={s.colour}
          stroke="var(--card)"
          strokeWidth={1.5}
        />
      ) : (
        <circle
          key={`${j}-${index}`}
          cx={cx}
          cy={cy}
          r={r}
          fill="var(--card)"
          stroke={s.colour}
          strokeWidth={1.5}
          strokeDasharray="2 2"
        />
      );
    };

  return (
    <div>
      <div role="img" aria-label={`${ariaLabel}. ${summary}`} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 12, right: 16, bottom: 4, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={gridStroke} strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="stage"
              tick={{ ...axisTick, fill: "var(--foreground)" }}
              axisLine={axisLine}
              tickLine={false}
              interval={0}
              padding={{ left: 24, right: 24 }}
            />
            <YAxis
              domain={[1, 5]}
              ticks={RATINGS}
              allowDataOverflow
              tick={axisTick}
              axisLine={false}
              tickLine={false}
              width={56}
              tickFormatter={(v: number) => formatRating(v)}
              label={axisLabel(labels.satisfaction, "y")}
            />
            <ReferenceLine
              y={3}
              stroke="var(--muted-foreground)"
              strokeDasharray="4 4"
              strokeOpacity={0.6}
            />
            <Tooltip
              cursor={{ stroke: "var(--border)" }}
              content={(props) => {
                const stage = stages[payloadIndex(props.payload)];
                if (!stage) return null;
                return (
                  <ChartTooltipBox
                    title={stage.label}
                    lines={series.map((s) => {
                      const point = pointAt(s, stage.key);
                      const mean = point?.mean ?? null;
                      return {
                        key: s.key,
                        label: s.label,
                        colour: s.colour,
                        hollow: point?.sufficient === false,
                        value: mean === null ? labels.noData : formatRating(mean),
                        note: `${labels.sampleSize} ${formatNumber(point?.n ?? 0)}${
                          point?.sufficient === false && mean !== null ? ` · ${labels.tooFew}` : ""
                        }`,
                      };
                    })}
                  />
                );
              }}
            />
            {series.map((s, j) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={`s${j}`}
                name={s.label}
                stroke={s.colour}
                strokeWidth={emphasised(s) ? 3 : 1.75}
                dot={dot(s, j)}
                activeDot={{ r: emphasised(s) ? 6 : 5, stroke: "var(--card)", strokeWidth: 2 }}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartLegend
        items={series.map((s) => ({
          key: s.key,
          label: s.label,
          colour: s.colour,
          thick: emphasised(s),
        }))}
      />
    </div>
  );
}

/** Redrawn only when its props change by content (see same-props.ts). */
export const EmotionCurve = memo(EmotionCurveChart, sameProps);
