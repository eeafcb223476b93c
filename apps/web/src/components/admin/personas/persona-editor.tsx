"use client";

import type { AdminPersona } from "@parcours/db/queries";
import { Button } from "@parcours/ui/button";
import { Dialog } from "@parcours/ui/dialog";
import { Field, Input, Textarea } from "@parcours/ui/field";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { Select } from "@parcours/ui/select";
import {
  PERSONA_RULE_OPERATORS,
  type TPersonaCondition,
  type TPersonaRules,
} from "@parcours/validators";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useDeferredValue, useId, useState } from "react";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";
import { errorMessage, fieldErrors } from "../error-message";

type TOperator = (typeof PERSONA_RULE_OPERATORS)[number];
interface TRow {
  id: number;
  attribute: string;
  operator: TOperator;
  value: string;
}

/** Text from the form as the rule's value: numbers and booleans typed as such, lists for "in". */
function parseValue(operator: TOperator, text: string): TPersonaCondition["value"] {
  if (operator === "exists") return undefined;
  const scalar = (raw: string) => {
    const v = raw.trim();
    if (v === "true" || v === "false") return v === "true";
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    return v;
  };
  if (operator === "in")
    return text
      .split(",")
      .map(scalar)
      .filter((v) => v !== "");
  return scalar(text);
}

function valueText(value: TPersonaCondition["value"]): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

let nextRowId = 1;
const toRows = (rules: TPersonaRules): TRow[] =>
  rules.conditions.map((c) => ({
    id: nextRowId++,
    attribute: c.attribute,
    operator: c.operator,
    value: valueText(c.value),
  }));

/** The persona form: every field, the rule builder, and the live preview before saving. */
export function PersonaEditor({
  persona,
  open,
  onOpenChange,
  onSaved,
}: {
  persona: AdminPersona | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (name: string, reassigned: number) => void;
}) {
  const t = useTranslations("adminPersonas");
  const tErrors = useTranslations("errors");
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listId = useId();
  const [name, setName] = useState(persona?.name ?? "");
  const [description, setDescription] = useState(persona?.description ?? "");
  const [goals, setGoals] = useState(persona?.goals.join("\n") ?? "");
  const [needs, setNeeds] = useState(persona?.needs.join("\n") ?? "");
  const [painPoints, setPainPoints] = useState(persona?.painPoints.join("\n") ?? "");
  const [colour, setColour] = useState(persona?.colour ?? "#0f766e");
  const [priority, setPriority] = useState(String(persona?.priority ?? 100));
  const [match, setMatch] = useState<"all" | "any">(persona?.rules.match ?? "all");
  const [rows, setRows] = useState<TRow[]>(() =>
    persona
      ? toRows(persona.rules)
      : [{ id: nextRowId++, attribute: "", operator: "eq", value: "" }],
  );
  const attributes = useQuery(trpc.admin.personas.attributes.queryOptions());
  const rules: TPersonaRules = {
    match,
    conditions: rows
      .filter((r) => r.attribute.trim() !== "")
      .map((r) => ({
        attribute: r.attribute.trim(),
        operator: r.operator,
        ...(r.operator === "exists" ? {} : { value: parseValue(r.operator, r.value) }),
      })),
  };
  const priorityNumber = Number(priority);
  const previewInput = useDeferredValue({
    rules,
    priority: Number.isInteger(priorityNumber) && priorityNumber >= 0 ? priorityNumber : 0,
    ...(persona ? { key: persona.key } : {}),
  });
  const preview = useQuery({
    ...trpc.admin.personas.preview.queryOptions(previewInput),
    placeholderData: keepPreviousData,
    enabled: open,
  });
  const save = useMutation(
    trpc.admin.personas.save.mutationOptions({
      onSuccess: async (result) => {
        // The dashboard's persona breakdown, the menus and the catalogue all change.
        await queryClient.invalidateQueries();
        onSaved(name, result.reassigned);
      },
    }),
  );
  const errors = fieldErrors(save.error);
  const general =
    save.error && Object.keys(errors).length === 0
      ? errorMessage(save.error, tErrors("pageHint"))
      : null;
  const lines = (text: string) =>
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      ...(persona ? { key: persona.key } : {}),
      persona: {
        name,
        description,
        goals: lines(goals),
        needs: lines(needs),
        painPoints: lines(painPoints),
        colour,
        priority: priorityNumber,
        rules,
      },
    });
  };
  const setRow = (id: number, change: Partial<TRow>) =>
    setRows(rows.map((r) => (r.id === id ? { ...r, ...change } : r)));

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={persona ? t("editTitle", { name: persona.name }) : t("createTitle")}
      closeLabel={t("close")}
      className="w-[min(96vw,52rem)]"
    >
      <form onSubmit={submit} className="grid gap-4" noValidate>
        {general ? (
          <p role="alert" className="text-sm text-negative">
            {general}
          </p>
        ) : null}
        <div className="grid gap-4 md:grid-cols-[1fr_8rem_8rem]">
          <Field id="persona-name" label={t("name")} error={errors.persona}>
            {(c) => (
              <Input
                {...c}
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={80}
                required
              />
            )}
          </Field>
          <Field id="persona-colour" label={t("colour")}>
            {(c) => (
              <Input
                {...c}
                type="color"
                value={colour}
                onChange={(e) => setColour(e.target.value)}
                className="h-9 p-1"
              />
            )}
          </Field>
          <Field id="persona-priority" label={t("priority")} hint={t("priorityHint")}>
            {(c) => (
              <Input
                {...c}
                type="number"
                min={0}
                max={10000}
                value={priority}
                onChange={(e) => setPriority(e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field id="persona-description" label={t("descriptionLabel")}>
          {(c) => (
            <Textarea {...c} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
        <div className="grid gap-4 md:grid-cols-3">
          {(
            [
              ["goals", goals, setGoals],
              ["needs", needs, setNeeds],
              ["painPoints", painPoints, setPainPoints],
            ] as const
          ).map(([key, value, set]) => (
            <Field key={key} id={`persona-${key}`} label={t(key)} hint={t("oneper")}>
              {(c) => <Textarea {...c} value={value} onChange={(e) => set(e.target.value)} />}
            </Field>
          ))}
        </div>

        <fieldset className="grid gap-3 rounded-lg border border-border p-3">
          <legend className="px-1 text-sm font-medium">{t("rules")}</legend>
          <SegmentedControl
            label={t("match")}
            value={match}
            onValueChange={setMatch}
            options={[
              { value: "all", label: t("matchAll") },
              { value: "any", label: t("matchAny") },
            ]}
          />
          <datalist id={listId}>
            {(attributes.data ?? []).map((a) => (
              <option key={a.attribute} value={a.attribute}>
                {a.examples.join(", ")}
              </option>
            ))}
          </datalist>
          <ol className="grid gap-2">
            {rows.map((row, i) => (
              <li
                key={row.id}
                className="flex flex-wrap items-end gap-2"
                aria-label={t("condition", { n: i + 1 })}
              >
                <Field id={`rule-${row.id}-attribute`} label={t("attribute")}>
                  {(c) => (
                    <Input
                      {...c}
                      list={listId}
                      value={row.attribute}
                      onChange={(e) => setRow(row.id, { attribute: e.target.value })}
                      className="w-48"
                    />
                  )}
                </Field>
                <div className="grid gap-1.5">
                  <span className="text-sm font-medium">{t("operator")}</span>
                  <Select
                    label={`${t("operator")} (${t("condition", { n: i + 1 })})`}
                    value={row.operator}
                    onValueChange={(v) => setRow(row.id, { operator: v as TOperator })}
                    options={PERSONA_RULE_OPERATORS.map((op) => ({
                      value: op,
                      label: t(`operators.${op}`),
                    }))}
                    className="w-44"
                  />
                </div>
                {row.operator === "exists" ? null : (
                  <Field id={`rule-${row.id}-value`} label={t("value")}>
                    {(c) => (
                      <Input
                        {...c}
                        value={row.value}
                        onChange={(e) => setRow(row.id, { value: e.target.value })}
                        className="w-44"
                        title={row.operator === "in" ? t("valueHint") : undefined}
                      />
                    )}
                  </Field>
                )}
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={t("removeCondition", { n: i + 1 })}
                  onClick={() => setRows(rows.filter((r) => r.id !== row.id))}
                >
                  <X aria-hidden="true" />
                </Button>
              </li>
            ))}
          </ol>
          <div>
            <Button
              variant="outline"
              size="sm"
              onClick={() =>
                setRows([...rows, { id: nextRowId++, attribute: "", operator: "eq", value: "" }])
              }
            >
              <Plus aria-hidden="true" />
              {t("addCondition")}
            </Button>
          </div>
          <p aria-live="polite" data-testid="persona-preview" className="text-sm font-medium">
            {rules.conditions.length === 0
              ? t("noConditions")
              : preview.data
                ? t("preview", {
                    matching: f.integer(preview.data.matching),
                    total: f.integer(preview.data.total),
                    assigned: f.integer(preview.data.wouldBeAssigned),
                  })
                : preview.isError
                  ? errorMessage(preview.error, tErrors("pageHint"))
                  : t("previewLoading")}
          </p>
        </fieldset>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            {t("cancel")}
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {t("save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
