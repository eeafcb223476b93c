"use client";

import { Button } from "@parcours/ui/button";
import { Card } from "@parcours/ui/card";
import { cn } from "@parcours/ui/cn";
import { Field, Input } from "@parcours/ui/field";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { Select } from "@parcours/ui/select";
import {
  MAX_COHORT_RETURN_DAYS,
  PERSONA_ATTRIBUTE_PATTERN,
  type TCohortCondition,
  type TCohortKind,
  UNASSIGNED,
} from "@parcours/validators";
import {
  keepPreviousData,
  skipToken,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { errorMessage } from "~/components/admin/error-message";
import { useDebouncedValue } from "~/components/admin/personas/use-debounced-value";
import { RequestError } from "~/components/common/alert-text";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";

const MAX_CONDITIONS = 10;
const CONDITION_KINDS = [
  "reachedStage",
  "touched",
  "notReturned",
  "persona",
  "attribute",
] as const satisfies readonly TCohortCondition["kind"][];
type TConditionKind = (typeof CONDITION_KINDS)[number];
const ANY_RATING = "any";

/** A condition as typed: every kind's fields, of which the row's kind uses some. */
interface TRow {
  id: number;
  kind: TConditionKind;
  stage: string;
  touchpoint: string;
  maxRating: string;
  days: string;
  persona: string;
  attribute: string;
  value: string;
}

let nextRowId = 1;
const newRow = (): TRow => ({
  id: nextRowId++,
  kind: "reachedStage",
  stage: "",
  touchpoint: "",
  maxRating: ANY_RATING,
  days: "60",
  persona: "",
  attribute: "",
  value: "",
});

const PLAIN_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const WHOLE = /^\d+$/;

/** Typed text as an attribute's value: true/false, a plain number ("01000" stays text), or text. */
function attributeValue(text: string): string | number | boolean {
  if (text === "true" || text === "false") return text === "true";
  return PLAIN_NUMBER.test(text) ? Number(text) : text;
}

type TRowProblem = "choose" | "attribute" | "value" | "days";

/** The row as a rule condition, or what keeps it from being one. */
function conditionOf(row: TRow): TCohortCondition | { problem: TRowProblem } {
  switch (row.kind) {
    case "reachedStage":
      return row.stage ? { kind: "reachedStage", stage: row.stage } : { problem: "choose" };
    case "touched":
      if (!row.touchpoint) return { problem: "choose" };
      return {
        kind: "touched",
        touchpoint: row.touchpoint,
        ...(row.maxRating === ANY_RATING ? {} : { maxRating: Number(row.maxRating) }),
      };
    case "notReturned": {
      const days = Number(row.days.trim());
      return WHOLE.test(row.days.trim()) && days >= 1 && days <= MAX_COHORT_RETURN_DAYS
        ? { kind: "notReturned", days }
        : { problem: "days" };
    }
    case "persona":
      return row.persona ? { kind: "persona", persona: row.persona } : { problem: "choose" };
    case "attribute": {
      const attribute = row.attribute.trim();
      if (!PERSONA_ATTRIBUTE_PATTERN.test(attribute)) return { problem: "attribute" };
      const value = row.value.trim();
      if (value === "") return { problem: "value" };
      return { kind: "attribute", attribute, value: attributeValue(value) };
    }
  }
}

const isCondition = (c: TCohortCondition | { problem: TRowProblem }): c is TCohortCondition =>
  !("problem" in c);

/**
 * "New cohort from a rule" (managers and admins): conditions that all hold, a live count of the
 * customers meeting them over the page's period (cohorts.preview, 400 ms after the last change,
 * announced politely), static or dynamic, a name.
 */
export function CohortForm() {
  const t = useTranslations("cohorts.page.form");
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const idPrefix = useId();
  const { data: catalogue } = useCatalogue();
  const { filter, period } = useResolvedFilters();
  const [rows, setRows] = useState<TRow[]>(() => [newRow()]);
  const [kind, setKind] = useState<TCohortKind>("dynamic");
  const [name, setName] = useState("");
  const [tried, setTried] = useState(false);
  const [savedName, setSavedName] = useState<string | null>(null);

  const parsed = rows.map(conditionOf);
  const conditions = parsed.filter(isCondition);
  const complete = conditions.length === rows.length && rows.length > 0;
  const range = { from: filter.from, to: filter.to };
  const periodText = f.dayRange(period.firstDay, period.lastDay);
  const previewInput = complete ? { rule: { conditions }, period: range } : null;
  const debounced = useDebouncedValue(previewInput, 400);
  const preview = useQuery({
    ...trpc.cohorts.preview.queryOptions(debounced ?? skipToken),
    placeholderData: keepPreviousData,
  });
  const settling =
    complete && (preview.isFetching || JSON.stringify(debounced) !== JSON.stringify(previewInput));

  const create = useMutation(
    trpc.cohorts.createFromRule.mutationOptions({
      onSuccess: async (cohort) => {
        setSavedName(cohort.name);
        setName("");
        setRows([newRow()]);
        setTried(false);
        await queryClient.invalidateQueries(trpc.cohorts.list.queryFilter());
      },
    }),
  );

  const setRow = (id: number, change: Partial<TRow>) => {
    setSavedName(null);
    setRows((current) => current.map((r) => (r.id === id ? { ...r, ...change } : r)));
  };
  const focusLater = (elementId: string) =>
    requestAnimationFrame(() => document.getElementById(elementId)?.focus());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!complete || name.trim() === "") return;
    create.mutate({
      name: name.trim(),
      kind,
      rule: { conditions },
      ...(kind === "static" ? { period: range } : {}),
    });
  };

  let count: string;
  if (!complete) count = t("incomplete");
  else if (preview.isError && !settling) {
    count = t("countError", { message: errorMessage(preview.error, "") });
  } else if (preview.data && debounced) {
    count = t("count", {
      count: preview.data.customers,
      period: periodText,
    });
  } else count = t("counting");

  const stageOptions = (catalogue?.stages ?? []).map((s) => ({ value: s.key, label: s.name }));
  const touchpointOptions = (catalogue?.touchpoints ?? []).map((tp) => ({
    value: tp.key,
    label: tp.name,
  }));
  const personaOptions = [
    ...(catalogue?.personas ?? []).map((p) => ({ value: p.key, label: p.name })),
    { value: UNASSIGNED, label: t("unassigned") },
  ];
  const ratingOptions = [
    { value: ANY_RATING, label: t("anyRating") },
    ...[1, 2, 3, 4, 5].map((r) => ({ value: String(r), label: t("rating", { rating: r }) })),
  ];
  const nameMissing = tried && name.trim() === "";

  return (
    <Card title={t("title")} description={t("description")} contentClassName="px-5 pb-5">
      <form onSubmit={submit} noValidate className="grid gap-5 pt-4">
        <fieldset className="grid gap-3">
          <legend className="mb-2 font-medium text-sm">{t("conditions")}</legend>
          <ol className="grid gap-3">
            {rows.map((row, i) => {
              const n = i + 1;
              const which = <span className="sr-only"> ({t("condition", { n })})</span>;
              const whichText = ` (${t("condition", { n })})`;
              const result = parsed[i];
              const problem =
                tried && result !== undefined && !isCondition(result) ? result.problem : null;
              const errorFor = (p: TRowProblem) =>
                problem === p ? t(`errors.${p}`, { max: MAX_COHORT_RETURN_DAYS }) : undefined;
              const selectField = (
                key: "stage" | "touchpoint" | "persona",
                label: string,
                options: { value: string; label: string }[],
              ) => (
                <div className="grid w-56 gap-1.5">
                  <span className="font-medium text-sm" aria-hidden="true">
                    {label}
                  </span>
                  <Select
                    id={`${idPrefix}-${row.id}-${key}`}
                    label={`${label}${whichText}`}
                    value={row[key]}
                    placeholder={t("choose")}
                    onValueChange={(value) => setRow(row.id, { [key]: value })}
                    options={options}
                  />
                  {errorFor("choose") ? (
                    <p className="font-medium text-negative text-xs">{errorFor("choose")}</p>
                  ) : null}
                </div>
              );
              return (
                <li
                  key={row.id}
                  aria-label={t("condition", { n })}
                  className="flex flex-wrap items-start gap-2 rounded-md border border-border p-3"
                >
                  <div className="grid w-60 gap-1.5">
                    <span className="font-medium text-sm" aria-hidden="true">
                      {t("type")}
                    </span>
                    <Select
                      id={`${idPrefix}-${row.id}-kind`}
                      label={`${t("type")}${whichText}`}
                      value={row.kind}
                      onValueChange={(value) => {
                        const next = CONDITION_KINDS.find((k) => k === value);
                        if (next) setRow(row.id, { kind: next });
                      }}
                      options={CONDITION_KINDS.map((k) => ({ value: k, label: t(`types.${k}`) }))}
                    />
                  </div>
                  {row.kind === "reachedStage" && selectField("stage", t("stage"), stageOptions)}
                  {row.kind === "touched" && (
                    <>
                      {selectField("touchpoint", t("touchpoint"), touchpointOptions)}
                      <div className="grid w-40 gap-1.5">
                        <span className="font-medium text-sm" aria-hidden="true">
                          {t("maxRating")}
                        </span>
                        <Select
                          label={`${t("maxRating")}${whichText}`}
                          value={row.maxRating}
                          onValueChange={(value) => setRow(row.id, { maxRating: value })}
                          options={ratingOptions}
                        />
                      </div>
                    </>
                  )}
                  {row.kind === "persona" && selectField("persona", t("persona"), personaOptions)}
                  {row.kind === "notReturned" && (
                    <Field
                      id={`${idPrefix}-${row.id}-days`}
                      label={
                        <>
                          {t("days")}
                          {which}
                        </>
                      }
                      error={errorFor("days")}
                      className="w-48"
                    >
                      {(c) => (
                        <Input
                          {...c}
                          type="number"
                          inputMode="numeric"
                          min={1}
                          max={MAX_COHORT_RETURN_DAYS}
                          value={row.days}
                          onChange={(e) => setRow(row.id, { days: e.target.value })}
                        />
                      )}
                    </Field>
                  )}
                  {row.kind === "attribute" && (
                    <>
                      <Field
                        id={`${idPrefix}-${row.id}-attribute`}
                        label={
                          <>
                            {t("attribute")}
                            {which}
                          </>
                        }
                        hint={t("attributeHint")}
                        error={errorFor("attribute")}
                        className="w-56"
                      >
                        {(c) => (
                          <Input
                            {...c}
                            autoComplete="off"
                            spellCheck={false}
                            value={row.attribute}
                            onChange={(e) => setRow(row.id, { attribute: e.target.value })}
                          />
                        )}
                      </Field>
                      <Field
                        id={`${idPrefix}-${row.id}-value`}
                        label={
                          <>
                            {t("value")}
                            {which}
                          </>
                        }
                        error={errorFor("value")}
                        className="w-48"
                      >
                        {(c) => (
                          <Input
                            {...c}
                            autoComplete="off"
                            value={row.value}
                            onChange={(e) => setRow(row.id, { value: e.target.value })}
                          />
                        )}
                      </Field>
                    </>
                  )}
                  {rows.length > 1 ? (
                    <Button
                      variant="ghost"
                      size="icon"
                      className="mt-7 ml-auto"
                      aria-label={t("removeCondition", { n })}
                      onClick={() => {
                        const next = rows.filter((r) => r.id !== row.id);
                        setRows(next);
                        const successor = next[i] ?? next[i - 1];
                        focusLater(
                          successor ? `${idPrefix}-${successor.id}-kind` : `${idPrefix}-add`,
                        );
                      }}
                    >
                      <X aria-hidden="true" />
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <div className="flex flex-wrap items-center gap-3">
            <Button
              id={`${idPrefix}-add`}
              variant="outline"
              size="sm"
              disabled={rows.length >= MAX_CONDITIONS}
              onClick={() => {
                const row = newRow();
                setRows([...rows, row]);
                focusLater(`${idPrefix}-${row.id}-kind`);
              }}
            >
              <Plus aria-hidden="true" />
              {t("addCondition")}
            </Button>
            {rows.length >= MAX_CONDITIONS ? (
              <p className="text-muted-foreground text-xs">
                {t("maxConditions", { max: MAX_CONDITIONS })}
              </p>
            ) : null}
          </div>
        </fieldset>

        <div
          aria-live="polite"
          aria-busy={settling || undefined}
          className={cn(
            "rounded-md bg-muted px-3 py-2 transition-opacity",
            settling && "opacity-60",
          )}
        >
          <p data-testid="cohort-preview" className="font-medium text-sm tabular-nums">
            {count}
          </p>
        </div>

        <div className="flex flex-wrap items-start gap-4">
          <div className="grid gap-1.5">
            <span className="font-medium text-sm" aria-hidden="true">
              {t("kind")}
            </span>
            <SegmentedControl
              label={t("kind")}
              value={kind}
              onValueChange={(value) => {
                setSavedName(null);
                setKind(value);
              }}
              options={[
                { value: "dynamic", label: t("kindDynamic") },
                { value: "static", label: t("kindStatic") },
              ]}
            />
            <p className="max-w-xs text-muted-foreground text-xs">
              {kind === "static"
                ? t("kindHintStatic", { period: periodText })
                : t("kindHintDynamic")}
            </p>
          </div>
          <Field
            id={`${idPrefix}-name`}
            label={t("name")}
            error={nameMissing ? t("errors.name") : undefined}
            className="w-72"
          >
            {(c) => (
              <Input
                {...c}
                value={name}
                maxLength={120}
                required
                onChange={(e) => {
                  setSavedName(null);
                  setName(e.target.value);
                }}
              />
            )}
          </Field>
        </div>

        <RequestError error={create.error} />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? t("saving") : t("submit")}
          </Button>
          <p role="status" className="text-sm">
            {savedName ? t("saved", { name: savedName }) : null}
          </p>
        </div>
      </form>
    </Card>
  );
}
