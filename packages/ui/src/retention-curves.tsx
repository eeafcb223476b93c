"use client";

import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisLabel, axisLine, axisTick, chartColour, gridStroke } from "./chart-theme";
import { ChartLegend, ChartTooltipBox } from "./chart-tooltip";

export interface RetentionCurve {
  key: string;
  label: string;
  /** The share per period since first purchase (index = period); null where not known yet. */
  values: (number | null)[];
  /** Customers behind each value, for the tooltip. */
  sizes: (number | null)[];
  /** The average: drawn thicker, first in the legend. */
  emphasis?: boolean;
}

export interface RetentionCurvesProps {
  curves: RetentionCurve[];
  /** Period labels on the x axis ("W0", "M3"), one per period. */
  periods: string[];
  format: (value: number) => string;
  formatNumber: (value: number) => string;
  labels: { x: string; y: string; customers: string };
  ariaLabel: string;
  height?: number;
}

/**
 * Retention curves: the share of each cohort (or of all, the average) back in each period
 * since first purchase. Periods not over yet are left out rather than drawn as a fall.
 */
export function RetentionCurves({
  curves,
  periods,
  format,
  formatNumber,
  labels,
  ariaLabel,
  height = 320,
}: RetentionCurvesProps) {
  const data = periods.map((period, index) => {
    const row: Record<string, number | string | null> = { index, period };
    for (const curve of curves) row[curve.key] = curve.values[index] ?? null;
    return row;
  });
  const colour = (i: number, curve: RetentionCurve) =>
    curve.emphasis ? "var(--foreground)" : chartColour(i);
  return (
    <figure aria-label={ariaLabel} className="m-0">
      <div style={{ height }} role="img" aria-label={ariaLabel}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 20, left: 8 }}>
            <CartesianGrid stroke={gridStroke} strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="period"
              tick={axisTick}
              axisLine={axisLine}
              tickLine={false}
              label={axisLabel(labels.x, "x")}
              interval="preserveStartEnd"
            />
            <YAxis
              domain={[0, 1]}
              tick={axisTick}
              axisLine={false}
              tickLine={false}
              width={64}
              tickFormatter={(v: number) => format(v)}
              label={axisLabel(labels.y, "y")}
            />
            <Tooltip
              cursor={{ stroke: "var(--border)" }}
              content={(props) => {
                const index = Number(
                  (props.payload?.[0]?.payload as { index?: number } | undefined)?.index ?? -1,
                );
                const title = periods[index];
                if (title === undefined) return null;
                return (
                  <ChartTooltipBox
                    title={title}
                    lines={curves.flatMap((curve, i) => {
                      const value = curve.values[index];
                      if (value === null || value === undefined) return [];
                      const size = curve.sizes[index];
                      return [
                        {
                          key: curve.key,
                          label: curve.label,
                          colour: colour(i, curve),
                          value: format(value),
                          ...(size === null || size === undefined
                            ? {}
                            : { note: `${labels.customers}: ${formatNumber(size)}` }),
                        },
                      ];
                    })}
                  />
                );
              }}
            />
            {curves.map((curve, i) => (
              <Line
                key={curve.key}
                dataKey={curve.key}
                name={curve.label}
                type="monotone"
                stroke={colour(i, curve)}
                strokeWidth={curve.emphasis ? 3 : 1.5}
                dot={{ r: curve.emphasis ? 3 : 2, fill: colour(i, curve), strokeWidth: 0 }}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartLegend
        items={curves.map((curve, i) => ({
          key: curve.key,
          label: curve.label,
          colour: colour(i, curve),
          thick: curve.emphasis ?? false,
        }))}
      />
    </figure>
  );
}
