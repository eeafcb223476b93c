import type { HTMLAttributes } from "react";
import { cn } from "./cn";

export type BadgeVariant = "default" | "outline" | "muted" | "positive" | "negative" | "warning";

const variants: Record<BadgeVariant, string> = {
  default: "border-transparent bg-primary text-primary-foreground",
  outline: "border-border text-foreground",
  muted: "border-transparent bg-muted text-muted-foreground",
  positive: "border-transparent bg-positive/12 text-positive",
  negative: "border-transparent bg-negative/12 text-negative",
  warning: "border-transparent bg-warning/15 text-warning",
};

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  variant?: BadgeVariant;
}

export function Badge({ variant = "muted", className, ...rest }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-md border px-2 py-0.5 font-medium text-xs",
        variants[variant],
        className,
      )}
      {...rest}
    />
  );
}
