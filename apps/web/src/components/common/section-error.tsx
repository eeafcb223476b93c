"use client";

import { Card } from "@parcours/ui/card";
import { ErrorState } from "@parcours/ui/error-state";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/** A chart whose query failed: the rest of the page stays usable, and this one can retry. */
export function SectionError({
  title,
  error,
  onRetry,
}: {
  title: ReactNode;
  error: { message: string };
  onRetry: () => void;
}) {
  const t = useTranslations("errors");
  return (
    <Card title={title}>
      <ErrorState
        title={t("sectionTitle")}
        description={error.message}
        retryLabel={t("retry")}
        onRetry={onRetry}
      />
    </Card>
  );
}
