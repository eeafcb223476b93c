"use client";

import { Button } from "@parcours/ui/button";
import { Field, Input } from "@parcours/ui/field";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { Select } from "@parcours/ui/select";
import { PERSONA_RULE_OPERATORS, type TPersonaRules } from "@parcours/validators";
import { Plus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import type { CustomerAttribute } from "~/trpc/outputs";
import { newRow, type TOperator, type TRowProblems, type TRuleRow } from "./rule-values";

/**
 * All/any and one row per condition: attribute (suggested from the customers' attributes),
 * operator, value. Every control is labelled with its condition's number; adding a row moves
 * the focus to its attribute, removing one to the row that takes its place.
 */
export function RuleBuilder({
  match,
  rows,
  onMatchChange,
  onRowsChange,
  attributes,
  problems,
  idPrefix: id,
}: {
  match: TPersonaRules["match"];
  rows: TRuleRow[];
  onMatchChange: (match: TPersonaRules["match"]) => void;
  onRowsChange: (rows: TRuleRow[]) => void;
  attributes: CustomerAttribute[];
  /** Problems to show, by row id (after a first attempt to save). */
  problems: Map<number, TRowProblems>;
  /** Prefix of the controls' ids: `${idPrefix}-${row.id}-attribute` and `-value`. */
  idPrefix: string;
}) {
  const t = useTranslations("adminPersonas");
  const focusLater = (elementId: string) =>
    requestAnimationFrame(() => document.getElementById(elementId)?.focus());
  const setRow = (rowId: number, change: Partial<TRuleRow>) =>
    onRowsChange(rows.map((r) => (r.id === rowId ? { ...r, ...change } : r)));
  const examplesOf = (attribute: string) =>
    attributes.find((a) => a.attribute === attribute.trim())?.examples ?? [];

  return (
    <div className="grid gap-3">
      <SegmentedControl
        label={t("match")}
        value={match}
        onValueChange={onMatchChange}
        options={[
          { value: "all", label: t("matchAll") },
          { value: "any", label: t("matchAny") },
        ]}
      />
      <datalist id={`${id}-attributes`}>
        {attributes.map((a) => (
          <option key={a.attribute} value={a.attribute}>
            {a.examples.length > 0 ? t("examples", { examples: a.examples.join(", ") }) : null}
          </option>
        ))}
      </datalist>
      <ol className="grid gap-3">
        {rows.map((row, i) => {
          const n = i + 1;
          const which = <span className="sr-only"> ({t("condition", { n })})</span>;
          const problem = problems.get(row.id) ?? {};
          const examples = examplesOf(row.attribute);
          return (
            <li
              key={row.id}
              className="flex flex-wrap items-start gap-2"
              aria-label={t("condition", { n })}
            >
              <Field
                id={`${id}-${row.id}-attribute`}
                label={
                  <>
                    {t("attribute")}
                    {which}
                  </>
                }
                error={problem.attribute ? t(`errors.${problem.attribute}`) : undefined}
                className="w-52"
              >
                {(c) => (
                  <Input
                    {...c}
                    list={`${id}-attributes`}
                    autoComplete="off"
                    spellCheck={false}
                    value={row.attribute}
                    onChange={(e) => setRow(row.id, { attribute: e.target.value })}
                  />
                )}
              </Field>
              <div className="grid w-44 gap-1.5">
                <span className="text-sm font-medium" aria-hidden="true">
                  {t("operator")}
                </span>
                <Select
                  label={`${t("operator")} (${t("condition", { n })})`}
                  value={row.operator}
                  onValueChange={(v) => setRow(row.id, { operator: v as TOperator })}
                  options={PERSONA_RULE_OPERATORS.map((op) => ({
                    value: op,
                    label: t(`operators.${op}`),
                  }))}
                />
              </div>
              {row.operator === "exists" ? null : (
                <Field
                  id={`${id}-${row.id}-value`}
                  label={
                    <>
                      {t("value")}
                      {which}
                    </>
                  }
                  hint={row.operator === "in" ? t("valueHint") : undefined}
                  error={
                    problem.value
                      ? t(`errors.${problem.value}`)
                      : problem.valueType
                        ? t(`errors.valueType.${problem.valueType.kind}`, {
                            attribute: row.attribute.trim(),
                            value: "value" in problem.valueType ? problem.valueType.value : "",
                          })
                        : undefined
                  }
                  className="w-52"
                >
                  {(c) => (
                    <>
                      <Input
                        {...c}
                        list={examples.length > 0 ? `${id}-${row.id}-values` : undefined}
                        autoComplete="off"
                        value={row.value}
                        onChange={(e) => setRow(row.id, { value: e.target.value })}
                      />
                      {examples.length > 0 ? (
                        <datalist id={`${id}-${row.id}-values`}>
                          {examples.map((v) => (
                            <option key={v} value={v} />
                          ))}
                        </datalist>
                      ) : null}
                    </>
                  )}
                </Field>
              )}
              <Button
                variant="ghost"
                size="icon"
                className="mt-7"
                aria-label={t("removeCondition", { n })}
                onClick={() => {
                  const next = rows.filter((r) => r.id !== row.id);
                  onRowsChange(next);
                  const successor = next[i] ?? next[i - 1];
                  focusLater(successor ? `${id}-${successor.id}-attribute` : `${id}-add`);
                }}
              >
                <X aria-hidden="true" />
              </Button>
            </li>
          );
        })}
      </ol>
      <div>
        <Button
          id={`${id}-add`}
          variant="outline"
          size="sm"
          onClick={() => {
            const row = newRow();
            onRowsChange([...rows, row]);
            focusLater(`${id}-${row.id}-attribute`);
          }}
        >
          <Plus aria-hidden="true" />
          {t("addCondition")}
        </Button>
      </div>
    </div>
  );
}
