"use client";

import { ErrorState } from "@parcours/ui/error-state";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { startTransition, useEffect } from "react";

export interface TRouteErrorProps {
  error: Error & { digest?: string };
  reset: () => void;
  /** Next 16 also passes a retry that refreshes server data before resetting. */
  retry?: () => void;
}

/** A page that failed to render: say so, and retry with fresh server data. */
export function RouteError({ error, reset, retry }: TRouteErrorProps) {
  const t = useTranslations("errors");
  const router = useRouter();

  useEffect(() => {
    console.error(error);
  }, [error]);

  const onRetry =
    retry ??
    (() =>
      startTransition(() => {
        router.refresh();
        reset();
      }));

  return (
    <div className="py-16">
      <ErrorState
        title={t("pageTitle")}
        description={error.digest ? t("pageHintDigest", { digest: error.digest }) : t("pageHint")}
        retryLabel={t("retry")}
        onRetry={onRetry}
      />
    </div>
  );
}
