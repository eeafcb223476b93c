"use client";

import { Select } from "@parcours/ui/select";
import { MAX_STEP_EXCLUSIONS, type TFunnelStep } from "@parcours/validators";
import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId } from "react";
import type { Catalogue } from "~/trpc/outputs";

/**
 * "… excluding": the touchpoints (and event types) that must not occur between the previous
 * step and this one (docs/metrics.md, funnel exclusions), each removable, and a picker to add a
 * touchpoint. Types come from the URL or the CLI; they show and can be removed here.
 */
export function StepExclusions({
  step,
  position,
  catalogue,
  onChange,
}: {
  step: TFunnelStep;
  /** The step's 1-based position (at least 2: the first step has nothing before it). */
  position: number;
  catalogue: Catalogue;
  onChange: (next: TFunnelStep) => void;
}) {
  const t = useTranslations("funnelExclusion");
  const explainId = useId();
  const previous = position - 1;
  const touchpoints = step.exclude?.touchpoints ?? [];
  const types = step.exclude?.types ?? [];
  const name = (key: string) => catalogue.touchpoints.find((item) => item.key === key)?.name ?? key;
  const update = (nextTouchpoints: string[], nextTypes: string[]) => {
    const { exclude: _, ...rest } = step;
    onChange(
      nextTouchpoints.length + nextTypes.length === 0
        ? rest
        : {
            ...rest,
            exclude: {
              ...(nextTouchpoints.length > 0 ? { touchpoints: nextTouchpoints } : {}),
              ...(nextTypes.length > 0 ? { types: nextTypes } : {}),
            },
          },
    );
  };
  const chips = [
    ...touchpoints.map((key) => ({
      id: `tp:${key}`,
      label: name(key),
      remove: () =>
        update(
          touchpoints.filter((k) => k !== key),
          types,
        ),
    })),
    ...types.map((type) => ({
      id: `type:${type}`,
      label: t("type", { type }),
      remove: () =>
        update(
          touchpoints,
          types.filter((k) => k !== type),
        ),
    })),
  ];
  const full = touchpoints.length >= MAX_STEP_EXCLUSIONS;
  const options = catalogue.touchpoints
    .filter((item) => !touchpoints.includes(item.key))
    .map((item) => ({ value: item.key, label: item.name }));

  return (
    <div className="mt-1.5 pl-8" data-testid="step-exclusions">
      <div className="flex flex-wrap items-center gap-1.5">
        {chips.length > 0 && (
          <>
            <span className="text-muted-foreground text-xs">{t("label", { previous })}</span>
            <ul
              className="flex flex-wrap gap-1.5"
              aria-label={t("label", { previous })}
              aria-describedby={explainId}
            >
              {chips.map((chip) => (
                <li
                  key={chip.id}
                  className="inline-flex items-center gap-1 rounded-full border border-border bg-muted px-2 py-0.5 text-xs"
                >
                  {chip.label}
                  <button
                    type="button"
                    className="rounded-full p-0.5 hover:bg-background focus-visible:outline-2 focus-visible:outline-ring"
                    aria-label={t("remove", { name: chip.label, previous, position })}
                    title={t("remove", { name: chip.label, previous, position })}
                    onClick={chip.remove}
                  >
                    <X className="size-3" aria-hidden="true" />
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        {full ? (
          <span className="text-muted-foreground text-xs">
            {t("max", { max: MAX_STEP_EXCLUSIONS })}
          </span>
        ) : (
          <Select
            label={t("add", { previous, position })}
            placeholder={t("placeholder")}
            value=""
            onValueChange={(key) => {
              if (key) update([...touchpoints, key], types);
            }}
            options={options}
            className="h-7 w-auto min-w-52 text-xs"
          />
        )}
      </div>
      {chips.length > 0 && (
        <p id={explainId} className="mt-1 text-muted-foreground text-xs">
          {t("explain", { previous })}
        </p>
      )}
    </div>
  );
}
