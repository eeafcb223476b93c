import { cn } from "./cn";

export type ChangeTone = "positive" | "negative" | "neutral";

/**
 * How a change reads: `formatSigned` writes the number with its own sign (Intl's
 * `signDisplay: "exceptZero"`), so nothing is prefixed here and the sign cannot be doubled.
 * A change that rounds to zero at the precision shown is no change: no sign and no colour, so
 * "+0.0" in green or "−0.0" in red never appear.
 */
export function describeChange(
  change: number,
  formatSigned: (value: number) => string,
  invert = false,
): { text: string; tone: ChangeTone } {
  const text = formatSigned(change);
  if (!/[1-9]/.test(text)) return { text: formatSigned(0), tone: "neutral" };
  return { text, tone: change > 0 !== invert ? "positive" : "negative" };
}

export const toneClass: Record<ChangeTone, string> = {
  positive: "text-positive",
  negative: "text-negative",
  neutral: "text-muted-foreground",
};

/** `(+4.5 pts)` after a figure, coloured by its sign; nothing when there is no earlier figure. */
export function ChangeText({
  now,
  before,
  formatSigned,
  invert = false,
  className,
}: {
  now: number | null;
  before: number | null | undefined;
  formatSigned: (value: number) => string;
  invert?: boolean;
  className?: string;
}) {
  if (now === null || before === null || before === undefined) return null;
  const { text, tone } = describeChange(now - before, formatSigned, invert);
  return (
    <span data-tone={tone} className={cn("text-xs", toneClass[tone], className)}>
      {" "}
      ({text})
    </span>
  );
}
