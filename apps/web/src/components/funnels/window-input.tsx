"use client";

import { cn } from "@parcours/ui/cn";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { isWindowDays } from "~/filters/funnel-steps";
import { MAX_WINDOW_DAYS } from "~/filters/search-params";

/**
 * Days typed freely, applied on Enter or when leaving the field (not on every keystroke). A
 * value out of range stays as typed, with what is wrong said under it, and is not applied.
 */
export function WindowInput({
  value,
  onCommit,
  texts,
}: {
  /** The URL's window, which may itself be out of range (a hand-edited link). */
  value: number;
  onCommit: (days: number) => void;
  /** Another page's label, hint and refusal (the funnel's by default). */
  texts?: { label: string; hint: string; invalid: (typed: string) => string };
}) {
  const t = useTranslations("funnels");
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState(String(value));
  const [committed, setCommitted] = useState(true);
  useEffect(() => {
    setDraft(String(value));
    setCommitted(true);
  }, [value]);

  const days = Number(draft);
  const valid = draft.trim() !== "" && isWindowDays(days);
  // An invalid draft is pointed out once the reader tries to apply it, not while typing.
  const showError = committed && !valid;

  const commit = () => {
    setCommitted(true);
    if (valid && days !== value) onCommit(days);
  };

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium text-sm">
        {texts?.label ?? t("window")}
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_WINDOW_DAYS}
          step={1}
          value={draft}
          aria-invalid={showError || undefined}
          aria-describedby={showError ? `${errorId} ${hintId}` : hintId}
          onChange={(event) => {
            setDraft(event.currentTarget.value);
            setCommitted(false);
          }}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === "Enter") commit();
          }}
          className={cn(
            "h-9 w-24 rounded-md border border-input bg-card px-3 text-sm tabular-nums shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
            showError && "border-negative",
          )}
        />
        <span className="text-muted-foreground text-sm">{t("days")}</span>
      </div>
      {showError ? (
        <p id={errorId} role="alert" className="text-negative text-xs">
          {draft.trim() === ""
            ? t("windowEmpty", { max: MAX_WINDOW_DAYS })
            : (texts?.invalid(draft.trim()) ??
              t("windowInvalid", { typed: draft.trim(), max: MAX_WINDOW_DAYS }))}
        </p>
      ) : null}
      <p id={hintId} className="text-muted-foreground text-xs">
        {texts?.hint ?? t("windowHint", { max: MAX_WINDOW_DAYS })}
      </p>
    </div>
  );
}
