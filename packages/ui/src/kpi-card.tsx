import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { Skeleton } from "./skeleton";

export interface KpiCardProps {
  label: string;
  value: number | null;
  previous: number | null;
  format: (value: number) => string;
  /** Receives the relative change as a ratio, or `value − previous` in absolute mode. */
  formatChange: (change: number) => string;
  changeMode?: "relative" | "absolute";
  changeLabel: string;
  previousLabel?: string;
  unavailableLabel?: string;
  sampleNote?: ReactNode;
  /** Lower is better: a decrease is good news. */
  invert?: boolean;
  loading?: boolean;
  icon?: ReactNode;
  className?: string;
}

function changeOf(
  value: number | null,
  previous: number | null,
  mode: "relative" | "absolute",
): number | null {
  if (value === null || previous === null) return null;
  if (mode === "absolute") return value - previous;
  return previous === 0 ? null : (value - previous) / Math.abs(previous);
}

export function KpiCard({
  label,
  value,
  previous,
  format,
  formatChange,
  changeMode = "relative",
  changeLabel,
  previousLabel,
  unavailableLabel,
  sampleNote,
  invert = false,
  loading = false,
  icon,
  className,
}: KpiCardProps) {
  const raw = changeOf(value, previous, changeMode);
  // A change too small to show (it formats as 0.0 or 0 %) reads as no change, not as a red arrow.
  const change = raw !== null && !/[1-9]/.test(formatChange(raw)) ? 0 : raw;
  const previousText =
    previous === null
      ? undefined
      : previousLabel === undefined
        ? format(previous)
        : `${previousLabel}: ${format(previous)}`;
  const good = change === null || change === 0 ? null : change > 0 !== invert;
  const Arrow =
    change === null || change === 0 ? Minus : change > 0 ? ArrowUpRight : ArrowDownRight;

  return (
    <div
      data-testid="kpi-card"
      className={cn(
        "flex flex-col gap-1 rounded-lg border border-border bg-card p-5 text-card-foreground shadow-xs",
        className,
      )}
      aria-busy={loading || undefined}
    >
      <p className="flex items-center gap-1.5 font-medium text-muted-foreground text-sm [&_svg]:size-4">
        {icon}
        {label}
      </p>
      {loading ? (
        <>
          <Skeleton className="mt-1 h-8 w-28" />
          <Skeleton className="mt-1 h-4 w-36" />
        </>
      ) : value === null ? (
        <>
          <p
            data-testid="kpi-value"
            className="font-semibold text-2xl text-muted-foreground tracking-tight"
          >
            —
          </p>
          {unavailableLabel !== undefined && (
            <p className="text-muted-foreground text-xs">{unavailableLabel}</p>
          )}
        </>
      ) : (
        <>
          <p data-testid="kpi-value" className="font-semibold text-2xl tabular-nums tracking-tight">
            {format(value)}
          </p>
          {change !== null && (
            <p className="flex flex-wrap items-center gap-x-1.5 text-xs" title={previousText}>
              <span
                className={cn(
                  "inline-flex items-center gap-0.5 font-medium tabular-nums",
                  good === null
                    ? "text-muted-foreground"
                    : good
                      ? "text-positive"
                      : "text-negative",
                )}
              >
                <Arrow aria-hidden="true" className="size-3.5" />
                {formatChange(change)}
              </span>
              <span className="text-muted-foreground">{changeLabel}</span>
              {previousText !== undefined && <span className="sr-only">({previousText})</span>}
            </p>
          )}
          {change === null && previousText !== undefined && (
            <p className="text-muted-foreground text-xs tabular-nums">{previousText}</p>
          )}
        </>
      )}
      {sampleNote !== undefined && !loading && (
        // A div, not a p: the note may hold a block (a "How is this computed?" fold), and the
        // HTML parser closes a p before one, so the server's markup would not hydrate.
        <div className="text-muted-foreground text-xs">{sampleNote}</div>
      )}
    </div>
  );
}
