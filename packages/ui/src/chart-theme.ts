/** Shared recharts styling, read from the CSS variables so both themes stay readable. */

export const CHART_COLOURS = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `var(--chart-${i})`);

export function chartColour(index: number): string {
  return `var(--chart-${(((index % 8) + 8) % 8) + 1})`;
}

export const axisTick = { fill: "var(--muted-foreground)", fontSize: 12 };
export const axisLine = { stroke: "var(--border)" };
export const gridStroke = "var(--border)";

export function axisLabel(value: string, axis: "x" | "y") {
  return axis === "y"
    ? {
        value,
        angle: -90,
        position: "insideLeft" as const,
        style: { textAnchor: "middle" as const, fill: "var(--muted-foreground)", fontSize: 12 },
      }
    : {
        value,
        position: "insideBottom" as const,
        offset: -4,
        style: { fill: "var(--muted-foreground)", fontSize: 12 },
      };
}
