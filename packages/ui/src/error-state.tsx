"use client";

import { CircleExclamationPoint, RotateCw } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

export interface ErrorStateProps {
  title: ReactNode;
  description?: ReactNode;
  retryLabel?: string;
  onRetry?: () => void;
  className?: string;
}

export function ErrorState({
  title,
  description,
  retryLabel,
  onRetry,
  className,
}: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cn(
        "flex flex-col items-center justify-center gap-2 px-6 py-10 text-center",
        className,
      )}
    >
      <div
        aria-hidden="true"
        className="mb-1 flex size-10 items-center justify-center rounded-full bg-negative/10 text-negative"
      >
        <CircleExclamationPoint className="size-5" />
      </div>
      <p className="font-medium text-foreground">{title}</p>
      {description !== undefined && (
        <p className="max-w-sm text-muted-foreground text-sm">{description}</p>
      )}
      {retryLabel !== undefined && onRetry !== undefined && (
        <Button variant="outline" size="sm" className="mt-2" onClick={onRetry}>
          <RotateCw aria-hidden="true" />
          {retryLabel}
        </Button>
      )}
    </div>
  );
}
