"use client";

import { memo } from "react";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisLabel, axisLine, axisTick, gridStroke } from "./chart-theme";
import { ChartTooltipBox, payloadIndex } from "./chart-tooltip";
import { sameProps } from "./same-props";

export interface PersonaChartItem {
  key: string;
  label: string;
  colour: string;
  value: number | null;
  n: number;
  /** False when n is too small for a confident figure: the bar is drawn faded. */
  sufficient?: boolean;
}

export interface PersonaChartProps {
  personas: PersonaChartItem[];
  format: (value: number) => string;
  formatNumber: (value: number) => string;
  measureLabel: string;
  labels: { sampleSize: string; noData: string; tooFew?: string };
  domain?: [number, number];
  ariaLabel: string;
  height?: number;
}

function PersonaChartView({
  personas,
  format,
  formatNumber,
  measureLabel,
  labels,
  domain,
  ariaLabel,
  height,
}: PersonaChartProps) {
  const data = personas.map((p, index) => ({
    index,
    label: p.label,
    value: p.value,
    display: p.value === null ? labels.noData : format(p.value),
  }));
  const summary = data.map((d) => `${d.label}: ${d.display}`).join("; ");

  return (
    <div
      role="img"
      aria-label={`${ariaLabel}. ${summary}`}
      style={{ height: height ?? personas.length * 44 + 48 }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 64, bottom: 16, left: 4 }}
          barCategoryGap="22%"
          accessibilityLayer={false}
        >
          <CartesianGrid stroke={gridStroke} strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            domain={domain ?? [0, "auto"]}
            allowDataOverflow={domain !== undefined}
            tick={axisTick}
            axisLine={axisLine}
            tickLine={false}
            tickFormatter={(v: number) => format(v)}
            label={axisLabel(measureLabel, "x")}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={140}
            tick={{ ...axisTick, fill: "var(--foreground)" }}
            axisLine={axisLine}
            tickLine={false}
            interval={0}
          />
          <Tooltip
            cursor={{ fill: "var(--muted)", opacity: 0.6 }}
            content={(props) => {
              const persona = personas[payloadIndex(props.payload)];
              if (!persona) return null;
              const faded = persona.sufficient === false;
              return (
                <ChartTooltipBox
                  title={persona.label}
                  lines={[
                    {
                      key: "v",
                      label: measureLabel,
                      value: persona.value === null ? labels.noData : format(persona.value),
                      colour: persona.colour,
                      hollow: faded,
                      note: faded ? labels.tooFew : undefined,
                    },
                    { key: "n", label: labels.sampleSize, value: formatNumber(persona.n) },
                  ]}
                />
              );
            }}
          />
          <Bar dataKey="value" name={measureLabel} radius={[0, 4, 4, 0]} maxBarSize={28}>
            {personas.map((p) => (
              <Cell
                key={p.key}
                fill={p.colour}
                fillOpacity={p.sufficient === false ? 0.35 : 1}
                stroke={p.sufficient === false ? p.colour : undefined}
                strokeDasharray={p.sufficient === false ? "3 2" : undefined}
              />
            ))}
            <LabelList
              dataKey="display"
              position="right"
              fill="var(--foreground)"
              fontSize={12}
              fontWeight={500}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Redrawn only when its props change by content (see same-props.ts). */
export const PersonaChart = memo(PersonaChartView, sameProps);
