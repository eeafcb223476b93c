"use client";

import { cn } from "@parcours/ui/cn";
import type { TPersonaPreview } from "@parcours/validators";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";
import { useDebouncedValue } from "./use-debounced-value";

/**
 * How many customers the rules match and how many saving would assign, counted by the server
 * with the same SQL as the assignment, 300 ms after the last change.
 */
export function RulePreview({
  input,
  state,
  onMatching,
}: {
  input: TPersonaPreview;
  /** `ready` when the rules can be counted as typed. */
  state: "ready" | "noConditions" | "incomplete" | "badPriority" | "valueType";
  /** How many customers the rules as typed match; undefined while that is not known. */
  onMatching?: (matching: number | undefined) => void;
}) {
  const t = useTranslations("adminPersonas");
  const tErrors = useTranslations("errors");
  const f = useFormatters();
  const trpc = useTRPC();
  const debounced = useDebouncedValue(state === "ready" ? input : null, 300);
  const preview = useQuery({
    ...trpc.admin.personas.preview.queryOptions(debounced ?? skipToken),
    placeholderData: keepPreviousData,
  });
  const settling =
    state === "ready" &&
    (preview.isFetching || JSON.stringify(debounced) !== JSON.stringify(input));

  const matching = state === "ready" && !settling ? preview.data?.matching : undefined;
  useEffect(() => onMatching?.(matching), [onMatching, matching]);

  let main: string;
  let details: string[] = [];
  if (state === "noConditions") main = t("noConditions");
  else if (state === "incomplete") main = t("previewIncomplete");
  else if (state === "valueType") main = t("previewValueType");
  else if (state === "badPriority") main = t("errors.priority", { max: f.integer(10_000) });
  else if (preview.data) {
    const p = preview.data;
    main = t("preview", {
      matchingCount: p.matching,
      matching: f.integer(p.matching),
      assignedCount: p.wouldBeAssigned,
      assigned: f.integer(p.wouldBeAssigned),
    });
    details = [
      t("previewTotal", { count: p.total, total: f.integer(p.total) }),
      p.archived ? t("previewArchived") : null,
      p.takenByEarlier > 0
        ? t("previewTaken", { count: p.takenByEarlier, taken: f.integer(p.takenByEarlier) })
        : null,
      p.pinned > 0 ? t("previewPinned", { count: p.pinned, pinned: f.integer(p.pinned) }) : null,
    ].filter((d): d is string => d !== null);
  } else if (preview.isError) main = errorMessage(preview.error, tErrors("pageHint"));
  else main = t("previewLoading");

  return (
    <div
      aria-live="polite"
      aria-busy={settling || undefined}
      className={cn(
        "grid gap-1 rounded-md bg-muted px-3 py-2 transition-opacity",
        settling && "opacity-60",
      )}
    >
      <p data-testid="persona-preview" className="text-sm font-medium tabular-nums">
        {main}
      </p>
      {details.length > 0 ? (
        <p data-testid="persona-preview-details" className="text-xs text-muted-foreground">
          {details.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
