"use client";

import { Button } from "@parcours/ui/button";
import { Card } from "@parcours/ui/card";
import { cn } from "@parcours/ui/cn";
import { Select } from "@parcours/ui/select";
import { ArrowDown, ArrowUp, Plus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import {
  MAX_STEPS,
  MIN_STEPS,
  stepValue,
  type TFunnelProblem,
  type TStepRow,
} from "~/filters/funnel-steps";
import { decodeStep, withoutExclusions } from "~/filters/step-codec";
import { stepLabel } from "~/lib/step-label";
import { BreakdownSelect } from "./breakdown-select";
import { StepExclusions } from "./step-exclusions";
import { useFunnel } from "./use-funnel";
import { WindowInput } from "./window-input";

type TAction = "up" | "down" | "remove";

/** Ordered steps with add / remove / move buttons, the window and the breakdown. */
export function FunnelBuilder() {
  const t = useTranslations("funnels");
  const { definition, setState, catalogue } = useFunnel();
  const [candidate, setCandidate] = useState("");
  const list = useRef<HTMLOListElement>(null);
  // Where keyboard focus goes once the list re-renders: moved and removed rows take it along.
  const [focusTarget, setFocusTarget] = useState<{ row: number; action: TAction } | null>(null);
  // The URL's steps as written, problems included; the catalogue's stages when it has none.
  const steps: TStepRow[] | undefined = definition
    ? definition.isDefault
      ? definition.steps.map((step) => ({ text: stepValue(step), step }))
      : definition.rows
    : undefined;

  useEffect(() => {
    if (!focusTarget || !steps || !list.current) return;
    const row = Math.min(focusTarget.row, steps.length - 1);
    const order: TAction[] = [focusTarget.action, "up", "down", "remove"];
    for (const action of order) {
      const button = list.current.querySelector<HTMLButtonElement>(
        `[data-row="${row}"][data-action="${action}"]`,
      );
      if (button && !button.disabled) {
        button.focus();
        break;
      }
    }
    setFocusTarget(null);
  }, [steps, focusTarget]);

  if (!definition || !catalogue || !steps) return null;

  // The first step has nothing before it to exclude: a step moved there leaves its exclusions.
  const save = (next: TStepRow[]) =>
    void setState({
      steps: next.map((row, i) =>
        i === 0 && row.step?.exclude && !row.problem
          ? stepValue(withoutExclusions(row.step))
          : row.text,
      ),
    });
  const replace = (index: number, step: TStepRow["step"]) => {
    if (step) save(steps.map((row, i) => (i === index ? { text: stepValue(step), step } : row)));
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    if (step) next.splice(index + by, 0, step);
    setFocusTarget({ row: index + by, action: by < 0 ? "up" : "down" });
    save(next);
  };
  const remove = (index: number) => {
    setFocusTarget({ row: index, action: "remove" });
    save(steps.filter((_, i) => i !== index));
  };
  const options = [
    ...catalogue.stages.map((s) => ({
      value: stepValue({ kind: "stage", key: s.key }),
      label: t("stageOption", { name: s.name }),
    })),
    ...catalogue.touchpoints.map((tp) => ({
      value: stepValue({ kind: "touchpoint", key: tp.key }),
      label: t("touchpointOption", { name: tp.name }),
    })),
  ];
  const seen = new Map<string, number>();

  return (
    <Card title={t("steps")} description={t("stepsHint", { min: MIN_STEPS, max: MAX_STEPS })}>
      <StepProblems problems={definition.problems} />
      <ol ref={list} className="flex flex-col gap-2" aria-label={t("steps")}>
        {steps.map((row, index) => {
          const value = row.text;
          const occurrence = (seen.get(value) ?? 0) + 1;
          seen.set(value, occurrence);
          const label = row.step && !row.problem ? stepLabel(row.step, catalogue) : row.text;
          const position = index + 1;
          return (
            <li
              key={`${value}#${occurrence}`}
              data-problem={row.problem}
              className={cn(
                "rounded-md border border-border bg-background px-2 py-1.5",
                row.problem && "border-negative bg-negative/5",
              )}
            >
              <div className="flex items-center gap-2">
                <span className="grid size-6 shrink-0 place-items-center rounded-full bg-muted font-medium text-xs tabular-nums">
                  {position}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm">{label}</span>
                  {row.problem ? (
                    <span className="block text-negative text-xs">
                      {t(row.problem === "unknown" ? "stepUnknown" : "stepMalformed")}
                    </span>
                  ) : row.step ? (
                    <span className="block text-muted-foreground text-xs">
                      {t(`kinds.${row.step.kind}`)}
                    </span>
                  ) : null}
                </span>
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-8"
                  aria-label={t("moveUp", { position, label })}
                  title={t("moveUp", { position, label })}
                  data-row={index}
                  data-action="up"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  <ArrowUp aria-hidden="true" />
                </Button>
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-8"
                  aria-label={t("moveDown", { position, label })}
                  title={t("moveDown", { position, label })}
                  data-row={index}
                  data-action="down"
                  disabled={index === steps.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <ArrowDown aria-hidden="true" />
                </Button>
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-8"
                  aria-label={t("remove", { position, label })}
                  title={t("remove", { position, label })}
                  data-row={index}
                  data-action="remove"
                  // A step with a problem can always go; a measurable funnel keeps MIN_STEPS.
                  disabled={!row.problem && steps.length <= MIN_STEPS}
                  onClick={() => remove(index)}
                >
                  <X aria-hidden="true" />
                </Button>
              </div>
              {index > 0 && row.step && !row.problem && (
                <StepExclusions
                  step={row.step}
                  position={position}
                  catalogue={catalogue}
                  onChange={(next) => replace(index, next)}
                />
              )}
            </li>
          );
        })}
      </ol>
      <div className="mt-3 flex gap-2">
        <Select
          label={t("newStep")}
          placeholder={t("newStep")}
          value={candidate}
          onValueChange={setCandidate}
          options={options}
          className="min-w-0 flex-1"
          disabled={steps.length >= MAX_STEPS}
        />
        <Button
          variant="outline"
          disabled={candidate === "" || steps.length >= MAX_STEPS}
          onClick={() => {
            const step = decodeStep(candidate);
            if (step) save([...steps, { text: stepValue(step), step }]);
            setCandidate("");
          }}
        >
          <Plus aria-hidden="true" />
          {t("addStep")}
        </Button>
      </div>
      {steps.length >= MAX_STEPS && (
        <p className="mt-2 text-muted-foreground text-xs">{t("maxSteps", { max: MAX_STEPS })}</p>
      )}
      <div className="mt-5 flex flex-col gap-4 border-border border-t pt-4">
        <WindowInput
          value={definition.windowDays}
          onCommit={(days) => void setState({ window: days })}
        />
        <BreakdownSelect />
      </div>
    </Card>
  );
}

/** What keeps the steps as written from being measured, above the list that shows them. */
function StepProblems({ problems }: { problems: TFunnelProblem[] }) {
  const t = useTranslations("funnels");
  const lines = problems.flatMap((problem) => {
    switch (problem.kind) {
      case "tooFewSteps":
        return [t("problems.tooFewSteps", { count: problem.count, min: MIN_STEPS })];
      case "tooManySteps":
        return [t("problems.tooManySteps", { count: problem.count, max: MAX_STEPS })];
      case "badSteps":
        return [
          t("problems.badSteps", {
            count: problem.steps.length,
            steps: problem.steps.map((text) => `“${text}”`).join(", "),
          }),
        ];
      default:
        // The window's problem is said next to the window field.
        return [];
    }
  });
  if (lines.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="funnel-step-problems"
      className="mb-3 grid gap-1 rounded-md border border-negative/40 bg-negative/10 px-3 py-2 text-negative text-sm"
    >
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
