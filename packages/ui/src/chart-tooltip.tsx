import type { ReactNode } from "react";
import { cn } from "./cn";

export interface TooltipLine {
  key: string;
  label: ReactNode;
  value: ReactNode;
  colour?: string;
  /** A hollow dashed marker, for series points with too few samples. */
  hollow?: boolean;
  note?: ReactNode;
}

/** The box recharts' custom tooltip content renders, themed by the CSS variables. */
export function ChartTooltipBox({ title, lines }: { title: ReactNode; lines: TooltipLine[] }) {
  return (
    <div className="min-w-40 rounded-md border border-border bg-popover px-3 py-2 text-popover-foreground text-xs shadow-md">
      <p className="mb-1.5 font-medium">{title}</p>
      <ul className="space-y-1">
        {lines.map((line) => (
          <li key={line.key} className="flex items-start gap-2">
            {line.colour !== undefined && (
              <span
                aria-hidden="true"
                className={cn(
                  "mt-1 size-2 shrink-0 rounded-full",
                  line.hollow && "border border-dashed bg-transparent",
                )}
                style={
                  line.hollow ? { borderColor: line.colour } : { backgroundColor: line.colour }
                }
              />
            )}
            <span className="text-muted-foreground">{line.label}</span>
            <span className="ml-auto pl-3 text-right font-medium tabular-nums">
              {line.value}
              {line.note !== undefined && (
                <span className="block font-normal text-muted-foreground">{line.note}</span>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface LegendItem {
  key: string;
  label: string;
  colour: string;
  thick?: boolean;
}

/** An HTML legend under a chart: readable text, wraps on small screens. */
export function ChartLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul
      data-testid="chart-legend"
      className="mt-3 flex flex-wrap gap-x-4 gap-y-1.5 text-muted-foreground text-xs"
    >
      {items.map((item) => (
        <li key={item.key} className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className={cn("w-3 shrink-0 rounded-full", item.thick ? "h-1" : "h-0.5")}
            style={{ backgroundColor: item.colour }}
          />
          <span className={cn(item.thick && "font-medium text-foreground")}>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** Reads the row index recharts puts in a tooltip payload entry's data point. */
export function payloadIndex(payload: ReadonlyArray<{ payload?: unknown }> | undefined): number {
  const point = payload?.[0]?.payload;
  if (typeof point === "object" && point !== null && "index" in point) {
    const index = point.index;
    if (typeof index === "number") return index;
  }
  return -1;
}
