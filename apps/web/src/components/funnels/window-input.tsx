"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { MAX_WINDOW_DAYS } from "~/filters/search-params";

/** Days typed freely, applied on Enter or when leaving the field (not on every keystroke). */
export function WindowInput({
  value,
  onCommit,
}: {
  value: number;
  onCommit: (days: number) => void;
}) {
  const t = useTranslations("funnels");
  const id = useId();
  const hintId = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);

  const commit = () => {
    const days = Number(draft);
    if (Number.isInteger(days) && days >= 1 && days <= MAX_WINDOW_DAYS) {
      if (days !== value) onCommit(days);
    } else {
      setDraft(String(value));
    }
  };

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium text-sm">
        {t("window")}
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
          aria-describedby={hintId}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === "Enter") commit();
          }}
          className="h-9 w-24 rounded-md border border-input bg-card px-3 text-sm tabular-nums shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        />
        <span className="text-muted-foreground text-sm">{t("days")}</span>
      </div>
      <p id={hintId} className="text-muted-foreground text-xs">
        {t("windowHint", { max: MAX_WINDOW_DAYS })}
      </p>
    </div>
  );
}
