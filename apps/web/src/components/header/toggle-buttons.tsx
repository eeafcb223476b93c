"use client";

import { cn } from "@parcours/ui/cn";
import type { ReactNode } from "react";

export interface TToggleButton<T extends string> {
  value: T;
  /** Accessible name and tooltip. */
  label: string;
  /** What is drawn: an icon or a short code. */
  content: ReactNode;
  lang?: string;
}

/** A compact group of pressed/unpressed buttons for the header's switches. */
export function ToggleButtons<T extends string>({
  label,
  options,
  value,
  onChange,
  busy,
}: {
  label: string;
  options: TToggleButton<T>[];
  value: T;
  onChange: (value: T) => void;
  busy?: boolean;
}) {
  return (
    <fieldset
      aria-busy={busy || undefined}
      className={cn(
        "inline-flex items-center gap-0.5 rounded-lg bg-muted p-0.5",
        busy && "opacity-60",
      )}
    >
      <legend className="sr-only">{label}</legend>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          lang={option.lang}
          aria-label={option.label}
          title={option.label}
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
          className="inline-flex h-7 min-w-7 cursor-pointer items-center justify-center rounded-md px-1.5 font-medium text-muted-foreground text-xs uppercase transition-colors hover:text-foreground aria-pressed:bg-card aria-pressed:text-foreground aria-pressed:shadow-xs [&_svg]:size-3.5"
        >
          {option.content}
        </button>
      ))}
    </fieldset>
  );
}
