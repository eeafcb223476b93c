"use client";

import { useIsFetching } from "@tanstack/react-query";
import { LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";

/** A quiet "updating" note while charts refetch; their previous data stays on screen. */
export function FetchingIndicator() {
  const t = useTranslations("filters");
  const fetching = useIsFetching() > 0;
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs">
      {fetching && (
        <>
          <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" />
          {t("updating")}
        </>
      )}
    </span>
  );
}
