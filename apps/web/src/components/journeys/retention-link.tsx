"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * The journey's last stage (loyalty, in the seed catalogue) is about customers coming back:
 * its header links to retention by cohort of first purchase.
 */
export function RetentionLink({
  stage,
  stages,
}: {
  stage: string;
  stages: readonly { key: string }[] | undefined;
}) {
  const t = useTranslations("retention");
  if (!stages || stages[stages.length - 1]?.key !== stage) return null;
  return (
    <Link
      href="/retention"
      data-testid="stage-retention-link"
      className="mt-2 inline-block text-primary text-xs font-normal underline underline-offset-4"
    >
      {t("loyaltyLink")}
    </Link>
  );
}
