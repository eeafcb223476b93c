"use client";

import { Users } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * "Customers" under a journey-map cell or after a pain point: the customers who touched the
 * touchpoint in the stage (the heatmap cell's list, which is the cell's reach).
 */
export function CellCustomersLink({
  href,
  touchpoint,
  stage,
  testId,
}: {
  href: string;
  /** Display names, for the link's accessible name. */
  touchpoint: string;
  stage: string;
  testId: string;
}) {
  const t = useTranslations("customers.drill");
  return (
    <Link
      href={href}
      aria-label={t("openCell", { touchpoint, stage })}
      data-testid={testId}
      className="mt-1 mr-3 inline-flex items-center gap-1 rounded text-primary text-xs underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
    >
      <Users aria-hidden="true" className="size-3.5" />
      {t("open")}
    </Link>
  );
}
