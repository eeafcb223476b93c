"use client";

import { memo } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisLabel, axisLine, axisTick, gridStroke } from "./chart-theme";
import { ChartLegend, ChartTooltipBox, payloadIndex } from "./chart-tooltip";
import { sameProps } from "./same-props";

export type DriverChartVerdict = "helps" | "hurts" | "unclear" | "too_few";

export interface DriverChartRow {
  key: string;
  label: string;
  difference: number;
  /** The 95% interval; null when it cannot be estimated (a dot alone). */
  low: number | null;
  high: number | null;
  nWith: number;
  nWithout: number;
  verdict: DriverChartVerdict;
}

export interface DriversChartProps {
  rows: DriverChartRow[];
  formatDifference: (value: number) => string;
  formatNumber: (value: number) => string;
  labels: {
    axis: string;
    interval: string;
    nWith: string;
    nWithout: string;
    verdicts: Record<DriverChartVerdict, string>;
  };
  ariaLabel: string;
}

const COLOUR: Record<DriverChartVerdict, string> = {
  helps: "var(--chart-7)",
  hurts: "var(--chart-4)",
  unclear: "var(--chart-1)",
  too_few: "var(--muted-foreground)",
};

const ROW_HEIGHT = 28;

/** The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k at or above x: round axis ends and halves. */
export function niceCeil(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= x - 1e-12) ?? 10;
  return step * power;
}

interface ShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  index?: number;
}

/**
 * Each touchpoint's difference (a dot) and its 95% interval (a line), against 0: a dot-and-
 * interval chart drawn as a floating bar from low to high with a custom shape.
 */
function DriversChartView({
  rows,
  formatDifference,
  formatNumber,
  labels,
  ariaLabel,
}: DriversChartProps) {
  const data = rows.map((r, index) => ({
    index,
    label: r.label,
    range: [r.low ?? r.difference, r.high ?? r.difference] as [number, number],
  }));
  const extent = Math.max(
    1e-9,
    ...rows.flatMap((r) => [Math.abs(r.low ?? r.difference), Math.abs(r.high ?? r.difference)]),
  );
  const limit = niceCeil(extent * 1.05);
  const ticks = [-limit, -limit / 2, 0, limit / 2, limit];
  const height = Math.max(160, rows.length * ROW_HEIGHT + 64);
  const summary = rows
    .map(
      (r) =>
        `${r.label} ${formatDifference(r.difference)}${
          r.low !== null && r.high !== null
            ? ` (${formatDifference(r.low)} – ${formatDifference(r.high)})`
            : ""
        }, ${labels.verdicts[r.verdict]}`,
    )
    .join("; ");

  const shape = ({ x = 0, y = 0, width = 0, height: h = 0, index = 0 }: ShapeProps) => {
    const row = rows[index];
    if (!row) return <g />;
    const low = row.low ?? row.difference;
    const high = row.high ?? row.difference;
    const span = high - low;
    // recharts draws a negative range with a negative width: normalise to left and right.
    const left = Math.min(x, x + width);
    const right = Math.max(x, x + width);
    const cx = span > 0 ? left + ((row.difference - low) / span) * (right - left) : left;
    const cy = y + h / 2;
    const colour = COLOUR[row.verdict];
    const faint = row.verdict === "too_few";
    return (
      <g opacity={faint ? 0.55 : 1}>
        {span > 0 ? (
          <line
            x1={left}
            x2={right}
            y1={cy}
            y2={cy}
            stroke={colour}
            strokeWidth={2.5}
            strokeLinecap="round"
            strokeDasharray={faint ? "3 3" : undefined}
          />
        ) : null}
        <circle
          cx={cx}
          cy={cy}
          r={5}
          fill={faint ? "var(--card)" : colour}
          stroke={colour}
          strokeWidth={1.5}
        />
      </g>
    );
  };

  const used = (["helps", "hurts", "unclear", "too_few"] as const).filter((v) =>
    rows.some((r) => r.verdict === v),
  );

  return (
    <div>
      <div role="img" aria-label={`${ariaLabel}. ${summary}`} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={gridStroke} strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              domain={[-limit, limit]}
              ticks={ticks}
              tick={axisTick}
              axisLine={axisLine}
              tickLine={false}
              tickFormatter={(v: number) => formatDifference(v)}
              label={axisLabel(labels.axis, "x")}
            />
            <YAxis
              type="category"
              dataKey="label"
              tick={{ ...axisTick, fill: "var(--foreground)" }}
              axisLine={false}
              tickLine={false}
              width={150}
              interval={0}
            />
            <ReferenceLine x={0} stroke="var(--muted-foreground)" strokeDasharray="4 4" />
            <Tooltip
              cursor={{ fill: "var(--accent)", opacity: 0.4 }}
              content={(props) => {
                const row = rows[payloadIndex(props.payload)];
                if (!row) return null;
                return (
                  <ChartTooltipBox
                    title={row.label}
                    lines={[
                      {
                        key: "difference",
                        label: labels.verdicts[row.verdict],
                        colour: COLOUR[row.verdict],
                        hollow: row.verdict === "too_few",
                        value: formatDifference(row.difference),
                        note:
                          row.low !== null && row.high !== null
                            ? `${labels.interval} ${formatDifference(row.low)} – ${formatDifference(row.high)}`
                            : undefined,
                      },
                      { key: "with", label: labels.nWith, value: formatNumber(row.nWith) },
                      { key: "without", label: labels.nWithout, value: formatNumber(row.nWithout) },
                    ]}
                  />
                );
              }}
            />
            <Bar dataKey="range" shape={shape} isAnimationActive={false} barSize={ROW_HEIGHT} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartLegend
        items={used.map((v) => ({ key: v, label: labels.verdicts[v], colour: COLOUR[v] }))}
      />
    </div>
  );
}

/** Redrawn only when its props change by content (see same-props.ts). */
export const DriversChart = memo(DriversChartView, sameProps);
