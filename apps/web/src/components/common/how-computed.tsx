import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/**
 * "How is this computed?": a figure's definition, folded under the figure so the same word on
 * two screens (conversion, median time) says which count it is (docs/metrics.md).
 */
export function HowComputed({ children, testId }: { children: ReactNode; testId?: string }) {
  const t = useTranslations("metrics");
  return (
    <details data-testid={testId} className="text-muted-foreground text-xs">
      <summary className="cursor-pointer select-none underline decoration-dotted underline-offset-2">
        {t("howComputed")}
      </summary>
      <p className="mt-1 max-w-prose">{children}</p>
    </details>
  );
}
