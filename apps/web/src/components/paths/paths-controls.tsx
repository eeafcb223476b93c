"use client";

import { Card } from "@parcours/ui/card";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { Select } from "@parcours/ui/select";
import { MAX_PATH_STEPS, type TPathLevel } from "@parcours/validators";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { WindowInput } from "~/components/funnels/window-input";
import { startValue } from "~/filters/paths-params";
import { MAX_WINDOW_DAYS } from "~/filters/search-params";
import { usePaths } from "./use-paths";

/** Where the paths start, at which level, how many steps and within which window. */
export function PathsControls() {
  const t = useTranslations("paths");
  const { definition, setState, catalogue } = usePaths();
  const stepsId = useId();
  if (!definition || !catalogue) return <Card title={t("settings")}>{null}</Card>;

  const startOptions = [
    ...catalogue.stages.map((s) => ({
      value: startValue({ kind: "stage", key: s.key }),
      label: t("stageOption", { name: s.name }),
    })),
    ...catalogue.touchpoints.map((tp) => ({
      value: startValue({ kind: "touchpoint", key: tp.key }),
      label: t("touchpointOption", { name: tp.name }),
    })),
  ];
  const levels: { value: TPathLevel; label: string }[] = [
    { value: "stage", label: t("levels.stage") },
    { value: "touchpoint", label: t("levels.touchpoint") },
  ];

  return (
    <Card title={t("settings")}>
      <div className="flex flex-wrap items-start gap-x-8 gap-y-4">
        <div className="flex flex-col gap-1">
          <span className="font-medium text-sm">{t("start")}</span>
          <Select
            label={t("start")}
            value={definition.start ? startValue(definition.start) : ""}
            placeholder={t("chooseStart")}
            onValueChange={(value) => void setState({ start: value, a: null, b: null })}
            options={startOptions}
          />
          {definition.unknownStart ? (
            <p role="alert" className="text-negative text-xs">
              {t("unknownStart", { start: definition.unknownStart })}
            </p>
          ) : null}
        </div>
        <div className="flex flex-col gap-1">
          <span className="font-medium text-sm">{t("level")}</span>
          <SegmentedControl
            label={t("level")}
            options={levels}
            value={definition.level}
            onValueChange={(level) => void setState({ level, a: null, b: null })}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={stepsId} className="font-medium text-sm">
            {t("steps")}
          </label>
          <Select
            id={stepsId}
            label={t("steps")}
            value={String(definition.steps)}
            onValueChange={(value) => void setState({ steps: Number(value), a: null, b: null })}
            options={Array.from({ length: MAX_PATH_STEPS }, (_, i) => ({
              value: String(i + 1),
              label: String(i + 1),
            }))}
          />
          <p className="text-muted-foreground text-xs">{t("stepsHint", { max: MAX_PATH_STEPS })}</p>
        </div>
        <WindowInput
          value={definition.windowDays}
          onCommit={(days) => void setState({ window: days })}
          texts={{
            label: t("window"),
            hint: t("windowHint", { max: MAX_WINDOW_DAYS }),
            invalid: (typed) => t("windowInvalid", { typed, max: MAX_WINDOW_DAYS }),
          }}
        />
      </div>
    </Card>
  );
}
