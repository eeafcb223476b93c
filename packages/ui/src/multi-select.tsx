"use client";

import * as Popover from "@radix-ui/react-popover";
import { ChevronsUpDown } from "lucide-react";
import { type KeyboardEvent, useRef } from "react";
import { buttonClassName } from "./button";
import { cn } from "./cn";

export interface MultiSelectOption {
  value: string;
  label: string;
  colour?: string;
}

export interface MultiSelectProps {
  label: string;
  options: MultiSelectOption[];
  /** Selected values; empty means all. */
  value: string[];
  onChange: (value: string[]) => void;
  labels: { all: string; clear: string; selected: (count: number) => string };
  showLabel?: boolean;
  disabled?: boolean;
  className?: string;
  id?: string;
}

export function MultiSelect({
  label,
  options,
  value,
  onChange,
  labels,
  showLabel = true,
  disabled,
  className,
  id,
}: MultiSelectProps) {
  const listRef = useRef<HTMLFieldSetElement>(null);
  const selected = new Set(value);
  const first = value.length === 1 ? options.find((o) => o.value === value[0]) : undefined;
  const summary = value.length === 0 ? labels.all : (first?.label ?? labels.selected(value.length));

  function toggle(option: string) {
    const next = new Set(selected);
    if (next.has(option)) next.delete(option);
    else next.add(option);
    // Keep the options' order so the value (and any URL built from it) is stable.
    onChange(options.filter((o) => next.has(o.value)).map((o) => o.value));
  }

  function boxes(): HTMLInputElement[] {
    return Array.from(listRef.current?.querySelectorAll("input[type=checkbox]") ?? []);
  }

  function onKeyDown(event: KeyboardEvent<HTMLFieldSetElement>) {
    const all = boxes();
    const active = document.activeElement;
    const current = active instanceof HTMLInputElement ? all.indexOf(active) : -1;
    const target =
      event.key === "ArrowDown"
        ? Math.min(all.length - 1, current + 1)
        : event.key === "ArrowUp"
          ? Math.max(0, current - 1)
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? all.length - 1
              : null;
    if (target === null) return;
    event.preventDefault();
    all[target]?.focus();
  }

  return (
    <Popover.Root>
      <Popover.Trigger
        id={id}
        disabled={disabled}
        aria-label={`${label}: ${summary}`}
        className={cn(
          buttonClassName({ variant: "outline", size: "md" }),
          "justify-between font-normal",
          className,
        )}
      >
        <span className="truncate">
          {showLabel && <span className="text-muted-foreground">{label}: </span>}
          {summary}
        </span>
        <ChevronsUpDown aria-hidden="true" className="text-muted-foreground" />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={6}
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            const all = boxes();
            (all.find((box) => box.checked) ?? all[0])?.focus();
          }}
          className="z-50 w-64 rounded-lg border border-border bg-popover p-1 text-popover-foreground shadow-lg outline-none"
        >
          <fieldset
            ref={listRef}
            aria-label={label}
            onKeyDown={onKeyDown}
            className="m-0 max-h-72 min-w-0 overflow-y-auto border-0 p-0"
          >
            {options.map((option) => (
              <label
                key={option.value}
                className="flex cursor-pointer items-center gap-2.5 rounded-md px-2 py-1.5 text-sm hover:bg-accent has-[:focus-visible]:bg-accent"
              >
                <input
                  type="checkbox"
                  className="size-4 shrink-0 cursor-pointer accent-primary focus-visible:outline-none"
                  checked={selected.has(option.value)}
                  onChange={() => toggle(option.value)}
                />
                {option.colour !== undefined && (
                  <span
                    aria-hidden="true"
                    className="size-2.5 shrink-0 rounded-full"
                    style={{ backgroundColor: option.colour }}
                  />
                )}
                <span className="truncate">{option.label}</span>
              </label>
            ))}
          </fieldset>
          {value.length > 0 && (
            <div className="mt-1 border-border border-t pt-1">
              <button
                type="button"
                onClick={() => onChange([])}
                className="w-full cursor-pointer rounded-md px-2 py-1.5 text-left text-muted-foreground text-sm hover:bg-accent hover:text-foreground focus-visible:bg-accent focus-visible:outline-none"
              >
                {labels.clear}
              </button>
            </div>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
