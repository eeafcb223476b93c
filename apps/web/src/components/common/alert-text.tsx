"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { errorMessage } from "~/components/admin/error-message";

/** An inline error under a form or an action, announced to screen readers; nothing when empty. */
export function AlertText({
  children,
  className = "text-sm text-negative",
}: {
  children: ReactNode;
  className?: string;
}) {
  if (children === null || children === undefined || children === false || children === "") {
    return null;
  }
  return (
    <p role="alert" className={className}>
      {children}
    </p>
  );
}

/**
 * A failed request's message: the server's words for a client's mistake, else the generic hint.
 * Nothing while there is no error.
 */
export function RequestError({ error, className }: { error: unknown; className?: string }) {
  const t = useTranslations("errors");
  if (!error) return null;
  return <AlertText className={className}>{errorMessage(error, t("pageHint"))}</AlertText>;
}
