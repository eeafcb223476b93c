"use client";

import { Button } from "@parcours/ui/button";
import { ErrorState } from "@parcours/ui/error-state";
import { Field, Input, Textarea } from "@parcours/ui/field";
import { Skeleton } from "@parcours/ui/skeleton";
import { PERSONA_MAX_PRIORITY, type TPersonaRules } from "@parcours/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { AlertText } from "~/components/common/alert-text";
import { useFormatters } from "~/lib/use-formatters";
import type { AdminPersona } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { errorMessage, formErrors } from "../error-message";
import { RuleBuilder } from "./rule-builder";
import { RulePreview } from "./rule-preview";
import {
  initialRows,
  isBlank,
  rowProblems,
  rowTypeProblem,
  rulesOf,
  type TRowProblems,
  type TRuleRow,
} from "./rule-values";

const LIST = "/admin/personas";

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** The edit page's form, once the persona has loaded. */
export function EditPersona({ personaKey }: { personaKey: string }) {
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const persona = useQuery(trpc.admin.personas.get.queryOptions({ key: personaKey }));
  if (persona.isPending) return <Skeleton className="h-96 w-full" />;
  if (persona.isError) {
    return (
      <ErrorState
        title={tErrors("pageTitle")}
        description={errorMessage(persona.error, tErrors("pageHint"))}
        retryLabel={tErrors("retry")}
        onRetry={() => persona.refetch()}
      />
    );
  }
  return <PersonaForm persona={persona.data} />;
}

/**
 * Every field of a persona, the rule builder and the live preview of its rules. Saving
 * reassigns customers, refreshes every cached query (the dashboard's persona breakdown among
 * them) and goes back to the list, which says how many customers moved.
 */
export function PersonaForm({
  persona,
  draft,
}: {
  persona: AdminPersona | null;
  /** A new persona's rules and description filled in (a suggestion turned into a persona). */
  draft?: { rules: TPersonaRules; description: string };
}) {
  const t = useTranslations("adminPersonas");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const f = useFormatters();
  const id = useId();
  const [name, setName] = useState(persona?.name ?? "");
  const [description, setDescription] = useState(persona?.description ?? draft?.description ?? "");
  const [goals, setGoals] = useState(persona?.goals.join("\n") ?? "");
  const [needs, setNeeds] = useState(persona?.needs.join("\n") ?? "");
  const [painPoints, setPainPoints] = useState(persona?.painPoints.join("\n") ?? "");
  const [colour, setColour] = useState(persona?.colour ?? "#0f766e");
  const [priority, setPriority] = useState(String(persona?.priority ?? 100));
  const [match, setMatch] = useState<TPersonaRules["match"]>(
    persona?.rules.match ?? draft?.rules.match ?? "all",
  );
  const [rows, setRows] = useState<TRuleRow[]>(() => initialRows(persona?.rules ?? draft?.rules));
  // Client-side problems show once the admin has tried to save.
  const [checked, setChecked] = useState(false);
  const attributes = useQuery(trpc.admin.personas.attributes.queryOptions());
  const typesOf = (attribute: string) =>
    attributes.data?.find((a) => a.attribute === attribute)?.types ?? [];

  const rules = rulesOf(match, rows, typesOf);
  const problems = new Map<number, TRowProblems>(
    rows.map((r) => {
      const valueType = rowTypeProblem(r, typesOf(r.attribute.trim()));
      return [r.id, { ...rowProblems(r), ...(valueType ? { valueType } : {}) }];
    }),
  );
  const incomplete = [...problems.values()].some((p) => p.attribute || p.value);
  const typeMismatch = [...problems.values()].some((p) => p.valueType);
  // A value its attribute never holds is said at once; missing fields after a first save.
  const shownProblems = checked
    ? problems
    : new Map([...problems].flatMap(([rowId, p]) => (p.valueType ? [[rowId, p]] : [])));
  // Saving rules that match nobody asks first; the answer holds for these rules only.
  const [matching, setMatching] = useState<number | undefined>(undefined);
  const rulesKey = JSON.stringify(rules);
  const [emptyConfirmedFor, setEmptyConfirmedFor] = useState<string | null>(null);
  const [emptyWarning, setEmptyWarning] = useState(false);
  // Stays while saving: hiding it on the click would remove the button before the browser
  // submits the form with it.
  const warnEmpty = emptyWarning && matching === 0;
  const priorityValue = priority.trim() === "" ? Number.NaN : Number(priority);
  const priorityOk =
    Number.isInteger(priorityValue) && priorityValue >= 0 && priorityValue <= PERSONA_MAX_PRIORITY;

  const onSuccess = (result: { persona: AdminPersona; reassigned: number }) => {
    // Every page reads personas (menus, breakdowns, the catalogue): refetch whatever is cached.
    void queryClient.invalidateQueries();
    const params = new URLSearchParams({
      saved: result.persona.key,
      reassigned: String(result.reassigned),
    });
    router.push(`${LIST}?${params}`);
  };
  const create = useMutation(trpc.admin.personas.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.admin.personas.update.mutationOptions({ onSuccess }));
  const save = persona ? update : create;

  const { fields: server, general: formError } = formErrors(save.error, tErrors("pageHint"));
  // A name another persona has: said next to the name.
  const nameTaken = save.error?.data?.code === "CONFLICT" ? save.error.message : undefined;
  const general = nameTaken ? null : formError;
  const nameError =
    checked && name.trim() === "" ? t("errors.name") : (server.name ?? nameTaken ?? undefined);
  const priorityError =
    checked && !priorityOk
      ? t("errors.priority", { max: f.integer(PERSONA_MAX_PRIORITY) })
      : (server.priority ?? undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    const firstProblem =
      name.trim() === ""
        ? `${id}-name`
        : !priorityOk
          ? `${id}-priority`
          : rows
              .map((r) => {
                const p = problems.get(r.id);
                return p?.attribute
                  ? `${id}-rule-${r.id}-attribute`
                  : p?.value || p?.valueType
                    ? `${id}-rule-${r.id}-value`
                    : null;
              })
              .find((x) => x !== null);
    if (firstProblem) {
      document.getElementById(firstProblem)?.focus();
      return;
    }
    const submitter = event.nativeEvent instanceof SubmitEvent ? event.nativeEvent.submitter : null;
    const confirmed =
      emptyConfirmedFor === rulesKey ||
      (submitter instanceof HTMLElement && submitter.dataset.confirmEmpty === "true");
    if (confirmed) setEmptyConfirmedFor(rulesKey);
    if (matching === 0 && !confirmed && !rows.every(isBlank)) {
      setEmptyWarning(true);
      requestAnimationFrame(() => document.getElementById(`${id}-empty`)?.focus());
      return;
    }
    const input = {
      name,
      description,
      goals: lines(goals),
      needs: lines(needs),
      painPoints: lines(painPoints),
      colour,
      priority: priorityValue,
      rules,
    };
    if (persona) update.mutate({ key: persona.key, ...input });
    else create.mutate(input);
  };

  const textFields = [
    ["goals", goals, setGoals],
    ["needs", needs, setNeeds],
    ["painPoints", painPoints, setPainPoints],
  ] as const;

  return (
    <form onSubmit={submit} noValidate className="grid max-w-5xl gap-6">
      <div className="grid gap-2">
        <Link
          href={LIST}
          className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ArrowLeft aria-hidden="true" className="size-4" />
          {t("back")}
        </Link>
        <h2 className="text-lg font-semibold">
          {persona ? t("editTitle", { name: persona.name }) : t("createTitle")}
        </h2>
        {persona?.archived ? <p className="text-sm text-warning">{t("archivedNote")}</p> : null}
      </div>
      {general ? (
        <p role="alert" className="text-sm text-negative">
          {general}
        </p>
      ) : Object.keys(server).length > 0 ? (
        <p role="alert" className="text-sm text-negative">
          {t("fixErrors")}
        </p>
      ) : null}

      <div className="grid items-start gap-4 md:grid-cols-[1fr_8rem_10rem]">
        <Field id={`${id}-name`} label={t("name")} error={nameError}>
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
        <Field id={`${id}-colour`} label={t("colour")} error={server.colour}>
          {(c) => (
            <Input
              {...c}
              type="color"
              value={colour}
              onChange={(e) => setColour(e.target.value)}
              className="h-9 cursor-pointer p-1"
            />
          )}
        </Field>
        <Field
          id={`${id}-priority`}
          label={t("priority")}
          hint={t("priorityHint")}
          error={priorityError}
        >
          {(c) => (
            <Input
              {...c}
              type="number"
              inputMode="numeric"
              min={0}
              max={PERSONA_MAX_PRIORITY}
              step={1}
              value={priority}
              onChange={(e) => setPriority(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field id={`${id}-description`} label={t("descriptionLabel")} error={server.description}>
        {(c) => (
          <Textarea
            {...c}
            value={description}
            maxLength={2000}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <div className="grid items-start gap-4 md:grid-cols-3">
        {textFields.map(([field, value, set]) => (
          <Field
            key={field}
            id={`${id}-${field}`}
            label={t(field)}
            hint={t("linesHint")}
            error={server[field]}
          >
            {(c) => (
              <Textarea
                {...c}
                value={value}
                onChange={(e) => set(e.target.value)}
                className="min-h-28"
              />
            )}
          </Field>
        ))}
      </div>

      <fieldset className="grid gap-4 rounded-lg border border-border p-4">
        <legend className="px-1 text-sm font-semibold">{t("rules")}</legend>
        <RuleBuilder
          idPrefix={`${id}-rule`}
          match={match}
          rows={rows}
          onMatchChange={setMatch}
          onRowsChange={setRows}
          attributes={attributes.data ?? []}
          problems={shownProblems}
        />
        <AlertText>{server.rules}</AlertText>
        <RulePreview
          input={{
            ...(persona ? { key: persona.key } : { name }),
            priority: priorityOk ? priorityValue : 0,
            rules,
          }}
          state={
            rows.every(isBlank)
              ? "noConditions"
              : incomplete
                ? "incomplete"
                : typeMismatch
                  ? "valueType"
                  : priorityOk
                    ? "ready"
                    : "badPriority"
          }
          onMatching={setMatching}
        />
      </fieldset>

      {warnEmpty ? (
        <div
          id={`${id}-empty`}
          tabIndex={-1}
          role="alert"
          data-testid="persona-empty-warning"
          className="grid gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm"
        >
          <p>{t("emptyWarning")}</p>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" size="sm" variant="outline" data-confirm-empty="true">
              {t("saveAnyway")}
            </Button>
          </div>
        </div>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button asChild variant="outline">
          <Link href={LIST}>{t("cancel")}</Link>
        </Button>
        <Button type="submit" disabled={save.isPending} aria-busy={save.isPending || undefined}>
          {save.isPending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}
