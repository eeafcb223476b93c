"use client";

import { useId } from "react";

/** A native date field: the browser's own keyboard-accessible picker, in the reader's locale. */
export function DateInput({
  label,
  value,
  max,
  invalid = false,
  describedBy,
  onChange,
}: {
  label: string;
  value: string;
  max?: string;
  invalid?: boolean;
  /** The id of what explains the problem when `invalid`. */
  describedBy?: string | undefined;
  onChange: (date: Date | null) => void;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-muted-foreground text-xs font-medium">
        {label}
      </label>
      <input
        id={id}
        type="date"
        value={value}
        max={max}
        required
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          const date = event.currentTarget.valueAsDate;
          // Half-typed dates are empty: wait for a whole one rather than clearing the filter.
          if (date) onChange(date);
        }}
        className="h-9 rounded-md border border-input bg-card aria-invalid:border-negative px-3 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      />
    </div>
  );
}
