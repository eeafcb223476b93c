"use client";

import type { ReviewDelta } from "@parcours/db/reviews/types";
import { describeChange, toneClass } from "@parcours/ui/change";
import { cn } from "@parcours/ui/cn";
import { ArrowDownRight, ArrowRight, ArrowUpRight } from "lucide-react";
import { useTranslations } from "next-intl";

/**
 * A figure now with its move since the previous review: the value, an arrow (up, down, flat)
 * and the signed change, coloured by whether it is better; "was …" for what it was. The arrow
 * is decoration: the signed change says the same to a screen reader.
 */
export function DeltaText({
  delta,
  format,
  formatSigned,
  invert = false,
  testId,
}: {
  delta: ReviewDelta;
  format: (value: number) => string;
  formatSigned: (value: number) => string;
  /** Lower is better (customers lost, time): a rise reads red. */
  invert?: boolean;
  testId?: string;
}) {
  const t = useTranslations("reviews.changes");
  const now = delta.after === null ? t("noValue") : format(delta.after);
  if (delta.change === null) {
    return (
      <span data-testid={testId} className="tabular-nums">
        <span className="font-medium">{now}</span>
        <span className="block text-xs text-muted-foreground">
          {delta.before === null ? t("wasUnknown") : t("was", { value: format(delta.before) })}
        </span>
      </span>
    );
  }
  const { text, tone } = describeChange(delta.change, formatSigned, invert);
  const Arrow = tone === "neutral" ? ArrowRight : delta.change > 0 ? ArrowUpRight : ArrowDownRight;
  return (
    <span data-testid={testId} data-tone={tone} className="tabular-nums">
      <span className="font-medium">{now}</span>{" "}
      <span className={cn("inline-flex items-center gap-0.5 text-xs", toneClass[tone])}>
        <Arrow aria-hidden="true" className="size-3.5" />
        <span data-testid={testId ? `${testId}-change` : undefined}>{text}</span>
      </span>
      {delta.before === null ? null : (
        <span className="block text-xs text-muted-foreground">
          {t("was", { value: format(delta.before) })}
        </span>
      )}
    </span>
  );
}
