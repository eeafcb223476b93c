"use client";

import { Button } from "@parcours/ui/button";
import { MultiSelect } from "@parcours/ui/multi-select";
import { Select } from "@parcours/ui/select";
import { UNASSIGNED } from "@parcours/validators";
import { useQueryClient } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { resolveFilters, unknownFilterKeys } from "~/filters/analytics-filter";
import { isoDay, periodProblems } from "~/filters/period";
import { DEFAULT_PERIOD, PERIOD_PRESETS, type TPeriodPreset } from "~/filters/search-params";
import { applyFilterPatch, type TFilterPatch, useFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { CohortPicker } from "../cohorts/cohort-picker";
import { DateInput } from "./date-input";
import { FetchingIndicator } from "./fetching-indicator";
import { UnknownKeysNote } from "./unknown-keys-note";

function isPreset(value: string): value is TPeriodPreset {
  return PERIOD_PRESETS.some((preset) => preset === value);
}

/**
 * Period, persona, channel and cohort filters, kept in the URL (see ~/filters/search-params).
 * `startKpis` (the overview): a change sends the KPI query from the event handler itself, so
 * that the request is on its way before the sections re-render for the new filters.
 */
export function FilterBar({
  showPersona = true,
  startKpis = false,
  periodOnly = false,
}: {
  showPersona?: boolean;
  startKpis?: boolean;
  /** Only the period (the cohorts page: a rule's live count depends on nothing else). */
  periodOnly?: boolean;
}) {
  const t = useTranslations("filters");
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setFilters] = useFilters();
  const problemsId = useId();
  const { data: catalogue } = useCatalogue();
  const { period } = resolveFilters(state, catalogue);
  const setState = (patch: TFilterPatch): Promise<URLSearchParams> => {
    if (!startKpis || !catalogue) return setFilters(patch);
    const { filter } = resolveFilters(applyFilterPatch(state, patch), catalogue);
    void queryClient.prefetchQuery(trpc.dashboard.kpis.queryOptions(inputs.kpis(filter)));
    return setFilters(patch);
  };
  const today = isoDay(new Date());
  // The URL's own text: a date that does not parse is null in `state` but still quoted back.
  const searchParams = useSearchParams();
  const problems = periodProblems(state.period, state.from, state.to, {
    from: searchParams.get("from"),
    to: searchParams.get("to"),
  });
  const notADate = (field: "from" | "to") =>
    problems.find((p) => p.kind === "notADate" && p.field === field);
  const reversed = problems.some((p) => p.kind === "reversed");
  // Each field shows the date as the URL has it (never the other bound after a swap), a date
  // that is not one as empty, and a missing bound as the day measured in its place.
  const fieldValue = (field: "from" | "to") => {
    const typed = state[field];
    if (typed) return isoDay(typed);
    if (notADate(field)) return "";
    return isoDay(field === "from" ? period.firstDay : period.lastDay);
  };
  const problemLines = problems.map((p) =>
    p.kind === "reversed"
      ? t("problems.reversed", {
          from: f.day(p.from),
          to: f.day(p.to),
          shown: f.dayRange(period.firstDay, period.lastDay),
        })
      : t("problems.notADate", {
          field: t(p.field),
          text: p.text,
          shown: f.dayRange(period.firstDay, period.lastDay),
        }),
  );

  const multiLabels = {
    all: t("all"),
    clear: t("clear"),
    selected: (count: number) => t("selected", { count }),
  };
  const personaOptions = [
    ...(catalogue?.personas ?? []).map((p) => ({ value: p.key, label: p.name, colour: p.colour })),
    { value: UNASSIGNED, label: t("unassigned") },
  ];
  const channelOptions = (catalogue?.channels ?? []).map((c) => ({ value: c.key, label: c.name }));
  // Keys the catalogue does not know are not applied: the selects count only the others.
  const unknown = unknownFilterKeys(state, catalogue);
  const knownPersonas = state.persona.filter((key) => !unknown.personas.includes(key));
  const knownChannels = state.channel.filter((key) => !unknown.channels.includes(key));
  const optionLabel = (options: { value: string; label: string }[], key: string) =>
    options.find((o) => o.value === key)?.label ?? key;
  const isDefault =
    state.period === DEFAULT_PERIOD &&
    state.persona.length === 0 &&
    state.channel.length === 0 &&
    state.cohort === null;

  const changePeriod = (value: string) => {
    if (!isPreset(value)) return;
    // Switching to custom starts from the period on screen, so nothing jumps.
    void setState(
      value === "custom"
        ? { period: value, from: period.firstDay, to: period.lastDay }
        : { period: value, from: null, to: null },
    );
  };

  return (
    <search
      aria-label={t("label")}
      className="flex flex-wrap items-end gap-x-3 gap-y-2 rounded-lg border border-border bg-card px-4 py-3 shadow-xs"
    >
      <div className="flex flex-col gap-1">
        <span className="text-muted-foreground text-xs font-medium" aria-hidden="true">
          {t("period")}
        </span>
        <Select
          label={t("period")}
          value={state.period}
          onValueChange={changePeriod}
          className="w-44"
          options={PERIOD_PRESETS.map((preset) => ({
            value: preset,
            label: t(`presets.${preset}`),
          }))}
        />
      </div>
      {state.period === "custom" && (
        <>
          <DateInput
            label={t("from")}
            value={fieldValue("from")}
            max={today}
            invalid={reversed || notADate("from") !== undefined}
            describedBy={problemLines.length > 0 ? problemsId : undefined}
            onChange={(date) => void setState({ from: date })}
          />
          <DateInput
            label={t("to")}
            value={fieldValue("to")}
            max={today}
            invalid={reversed || notADate("to") !== undefined}
            describedBy={problemLines.length > 0 ? problemsId : undefined}
            onChange={(date) => void setState({ to: date })}
          />
        </>
      )}
      {showPersona && !periodOnly && (
        <div className="flex flex-col gap-1">
          <span className="text-muted-foreground text-xs font-medium" aria-hidden="true">
            {t("personas")}
          </span>
          <MultiSelect
            label={t("personas")}
            showLabel={false}
            options={personaOptions}
            value={knownPersonas}
            onChange={(persona) => void setState({ persona })}
            labels={multiLabels}
            className="w-48"
          />
        </div>
      )}
      {!periodOnly && (
        <div className="flex flex-col gap-1">
          <span className="text-muted-foreground text-xs font-medium" aria-hidden="true">
            {t("channels")}
          </span>
          <MultiSelect
            label={t("channels")}
            showLabel={false}
            options={channelOptions}
            value={knownChannels}
            onChange={(channel) => void setState({ channel })}
            labels={multiLabels}
            className="w-44"
          />
        </div>
      )}
      {!periodOnly && (
        <CohortPicker value={state.cohort} onChange={(cohort) => void setState({ cohort })} />
      )}
      {!isDefault && (
        <Button
          variant="ghost"
          size="md"
          onClick={() =>
            void setState({
              period: null,
              from: null,
              to: null,
              persona: null,
              channel: null,
              cohort: null,
            })
          }
        >
          <RotateCcw aria-hidden="true" />
          {t("reset")}
        </Button>
      )}
      <div className="ml-auto flex min-h-9 items-center gap-3 text-muted-foreground text-sm">
        <FetchingIndicator />
        <span className="tabular-nums">{f.dayRange(period.firstDay, period.lastDay)}</span>
      </div>
      <UnknownKeysNote
        unknown={showPersona ? unknown : { personas: [], channels: unknown.channels }}
        applied={{
          personas: knownPersonas.map((key) => optionLabel(personaOptions, key)),
          channels: knownChannels.map((key) => optionLabel(channelOptions, key)),
        }}
        onRemove={() =>
          void setState({
            persona: knownPersonas.length > 0 ? knownPersonas : null,
            channel: knownChannels.length > 0 ? knownChannels : null,
          })
        }
      />
      {state.period === "custom" && problemLines.length > 0 ? (
        <div id={problemsId} role="alert" className="basis-full text-negative text-sm">
          {problemLines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ) : null}
    </search>
  );
}
