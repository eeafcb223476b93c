"use client";

import type {
  PersonaSuggestion,
  SuggestionFeature,
  SuggestionProfileRow,
  PersonaSuggestions as TPersonaSuggestions,
} from "@parcours/db/metrics";
import { Button, buttonClassName } from "@parcours/ui/button";
import { Card } from "@parcours/ui/card";
import {
  CSV_PERCENT,
  CSV_RATING,
  type CsvColumn,
  type CsvRow,
  downloadCsv,
  toCsv,
} from "@parcours/ui/csv";
import { Select } from "@parcours/ui/select";
import { Skeleton } from "@parcours/ui/skeleton";
import {
  SUGGEST_MAX_K,
  SUGGEST_MIN_K,
  type TPersonaCondition,
  type TPersonaRules,
} from "@parcours/validators";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SectionError } from "~/components/common/section-error";
import { csvFilename } from "~/components/common/use-chart-labels";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { type TFormatters, useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";

/** Above this many active customers the server clusters a sample (SUGGESTION_SAMPLE_SIZE). */
const SAMPLE_SIZE = 20_000;
/** Profile rows shown: the most distinctive features. */
const PROFILE_ROWS = 8;

type TFeatureLabel = (feature: SuggestionFeature) => string;

function useFeatureLabel(): TFeatureLabel {
  const t = useTranslations("personaSuggestions.features");
  const { data: catalogue } = useCatalogue();
  const channelNames = new Map(catalogue?.channels.map((c) => [c.key, c.name]) ?? []);
  return (feature) => {
    switch (feature.kind) {
      case "channel":
        return t("channel", { channel: channelNames.get(feature.channel) ?? feature.channel });
      case "attribute":
        return feature.value === undefined
          ? t("attribute", { attribute: feature.attribute })
          : t("attributeValue", { attribute: feature.attribute, value: feature.value });
      default:
        return t(feature.kind);
    }
  };
}

function featureValue(row: SuggestionProfileRow, value: number | null, f: TFormatters): string {
  if (value === null) return "—";
  switch (row.feature.kind) {
    case "channel":
      return f.percent(value);
    case "attribute":
      return row.feature.value === undefined ? f.rating(value) : f.percent(value);
    case "revenue":
      return f.currency(value);
    case "satisfaction":
      return f.rating(value);
    default:
      return f.rating(value);
  }
}

/** A condition as the rule builder reads it: "device is mobile". */
export function useConditionText(): (c: TPersonaCondition) => string {
  const t = useTranslations("adminPersonas");
  return (c) => {
    const value = Array.isArray(c.value) ? c.value.join(", ") : c.value;
    return [c.attribute, t(`operators.${c.operator}`), value === undefined ? "" : String(value)]
      .join(" ")
      .trim();
  };
}

/** Where "Turn into a persona" leads: the editor with the rules and a description filled in. */
export function draftHref(rules: TPersonaRules, description: string): string {
  const params = new URLSearchParams({ rules: JSON.stringify(rules), description });
  return `/admin/personas/new?${params}`;
}

/** A profile feature measured as a share (0–1): written as a percentage in the CSV. */
function isShare(feature: SuggestionFeature): boolean {
  return (
    feature.kind === "channel" || (feature.kind === "attribute" && feature.value !== undefined)
  );
}

/**
 * Every suggestion as one CSV, a row per profile feature and per stage: what the page shows
 * (sizes, rules, profile against everyone, funnel and emotion curve), every feature included.
 */
function suggestionsCsv(
  data: TPersonaSuggestions,
  t: ReturnType<typeof useTranslations<"personaSuggestions">>,
  label: TFeatureLabel,
  conditionText: (c: TPersonaCondition) => string,
): string {
  const number = { decimals: 2 };
  const columns: CsvColumn[] = [
    { key: "suggestion", label: t("csv.suggestion") },
    { key: "customers", label: t("csv.customers") },
    { key: "share", label: t("csv.share"), csv: CSV_PERCENT },
    { key: "rules", label: t("rules") },
    { key: "section", label: t("csv.section") },
    { key: "item", label: t("csv.item") },
    { key: "group", label: t("thisGroup"), csv: number },
    { key: "everyone", label: t("everyone"), csv: number },
    { key: "reached", label: t("reached") },
    { key: "rate", label: t("rate"), csv: CSV_PERCENT },
    { key: "satisfaction", label: t("satisfaction"), csv: CSV_RATING },
    { key: "ratings", label: t("ratings") },
  ];
  const rows: CsvRow[] = [];
  for (const s of data.suggestions) {
    const head = {
      suggestion: s.index,
      customers: s.customers,
      share: s.share,
      rules: s.rules.conditions.map(conditionText).join("; "),
    };
    for (const row of s.profile) {
      const scale = isShare(row.feature) ? 100 : 1;
      rows.push({
        ...head,
        section: t("profile"),
        item: isShare(row.feature) ? `${label(row.feature)} (%)` : label(row.feature),
        group: row.mean === null ? null : row.mean * scale,
        everyone: row.overall === null ? null : row.overall * scale,
      });
    }
    s.funnel.forEach((stage, i) => {
      const emotion = s.emotion[i];
      rows.push({
        ...head,
        section: t("funnel"),
        item: stage.name,
        reached: stage.reached,
        rate: stage.rate,
        satisfaction: emotion?.mean ?? null,
        ratings: emotion?.n ?? 0,
      });
    });
  }
  return toCsv(columns, rows);
}

function SuggestionCard({
  suggestion,
  canCreate,
}: {
  suggestion: PersonaSuggestion;
  canCreate: boolean;
}) {
  const t = useTranslations("personaSuggestions");
  const f = useFormatters();
  const label = useFeatureLabel();
  const conditionText = useConditionText();
  const [open, setOpen] = useState(false);
  const index = suggestion.index;
  const detailsId = `suggestion-${index}-details`;
  const quality = suggestion.ruleQuality;
  const hasRules = suggestion.rules.conditions.length > 0;
  return (
    <Card
      title={t("suggestion", { index })}
      description={t("size", {
        customers: suggestion.customers,
        share: f.percent(suggestion.share),
      })}
      data-testid={`suggestion-${index}`}
      contentClassName="flex flex-col gap-3"
    >
      <div className="flex flex-col gap-1 text-sm">
        <h3 className="font-medium">{t("rules")}</h3>
        {hasRules ? (
          <>
            <ul data-testid={`suggestion-${index}-rules`} className="list-disc pl-5">
              {suggestion.rules.conditions.map((c) => (
                <li key={`${c.attribute}-${c.operator}-${String(c.value)}`}>{conditionText(c)}</li>
              ))}
            </ul>
            {quality ? (
              <p className="text-muted-foreground">
                {t("ruleQuality", {
                  matched: f.integer(quality.matched),
                  precision: f.percent(quality.precision),
                  coverage: f.percent(quality.coverage),
                })}
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-muted-foreground">{t("rulesNone")}</p>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="outline"
          size="sm"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen((o) => !o)}
        >
          {t("details")}
        </Button>
        {canCreate && hasRules ? (
          <Link
            className={buttonClassName({ size: "sm" })}
            href={draftHref(
              suggestion.rules,
              t("draftDescription", {
                customers: suggestion.customers,
                share: f.percent(suggestion.share),
              }),
            )}
          >
            {t("create")}
          </Link>
        ) : null}
      </div>
      {!canCreate ? <p className="text-muted-foreground text-xs">{t("adminOnly")}</p> : null}
      {open ? (
        <div id={detailsId} className="flex flex-col gap-4">
          <table className="w-full text-sm">
            <caption className="mb-1 text-left font-medium">
              {t("profile")}
              <span className="sr-only"> — {t("profileCaption", { index })}</span>
            </caption>
            <thead className="text-muted-foreground">
              <tr>
                <th scope="col" className="text-left font-normal">
                  {t("feature")}
                </th>
                <th scope="col" className="text-right font-normal">
                  {t("thisGroup")}
                </th>
                <th scope="col" className="text-right font-normal">
                  {t("everyone")}
                </th>
              </tr>
            </thead>
            <tbody>
              {suggestion.profile.slice(0, PROFILE_ROWS).map((row) => (
                <tr key={label(row.feature)} className="border-t">
                  <th scope="row" className="py-1 text-left font-normal">
                    {label(row.feature)}
                  </th>
                  <td className="text-right tabular-nums">{featureValue(row, row.mean, f)}</td>
                  <td className="text-right text-muted-foreground tabular-nums">
                    {featureValue(row, row.overall, f)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="w-full text-sm">
            <caption className="mb-1 text-left font-medium">
              {t("funnel")} · {t("emotion")}
              <span className="sr-only">
                {" "}
                — {t("funnelCaption", { index })} {t("emotionCaption", { index })}
              </span>
            </caption>
            <thead className="text-muted-foreground">
              <tr>
                <th scope="col" className="text-left font-normal">
                  {t("stage")}
                </th>
                <th scope="col" className="text-right font-normal">
                  {t("reached")}
                </th>
                <th scope="col" className="text-right font-normal">
                  {t("rate")}
                </th>
                <th scope="col" className="text-right font-normal">
                  {t("satisfaction")}
                </th>
                <th scope="col" className="text-right font-normal">
                  {t("ratings")}
                </th>
              </tr>
            </thead>
            <tbody>
              {suggestion.funnel.map((s, i) => {
                const emotion = suggestion.emotion[i];
                return (
                  <tr key={s.stage} className="border-t">
                    <th scope="row" className="py-1 text-left font-normal">
                      {s.name}
                    </th>
                    <td className="text-right tabular-nums">{f.integer(s.reached)}</td>
                    <td className="text-right tabular-nums">{f.percent(s.rate)}</td>
                    <td className="text-right tabular-nums">
                      {emotion?.mean == null ? t("noRating") : f.rating(emotion.mean)}
                    </td>
                    <td className="text-right text-muted-foreground tabular-nums">
                      {f.integer(emotion?.n ?? 0)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}

/** "Suggest personas": the admin or manager picks k (or the best fit), then reads the groups. */
export function PersonaSuggestions({ canCreate }: { canCreate: boolean }) {
  const t = useTranslations("personaSuggestions");
  const f = useFormatters();
  const trpc = useTRPC();
  const label = useFeatureLabel();
  const conditionText = useConditionText();
  const { filter, period } = useResolvedFilters();
  const [k, setK] = useState("auto");
  const [asked, setAsked] = useState<{ k: string } | null>(null);
  const query = useQuery(
    trpc.personas.suggest.queryOptions(
      asked ? { filter, ...(asked.k === "auto" ? {} : { k: Number(asked.k) }) } : skipToken,
    ),
  );
  const options = [
    { value: "auto", label: t("kAuto") },
    ...Array.from({ length: SUGGEST_MAX_K - SUGGEST_MIN_K + 1 }, (_, i) => {
      const value = String(SUGGEST_MIN_K + i);
      return { value, label: value };
    }),
  ];
  const data = query.data;
  const chosen = data?.silhouettes.find((s) => s.k === data.k);
  return (
    <div className="flex flex-col gap-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked({ k });
        }}
      >
        <div className="flex flex-col gap-1 text-sm">
          <span id="suggest-k-label">{t("k")}</span>
          <Select
            id="suggest-k"
            label={t("k")}
            options={options}
            value={k}
            onValueChange={setK}
            className="w-56"
          />
        </div>
        <Button type="submit" data-testid="suggest-run">
          {t("run")}
        </Button>
      </form>
      <div aria-live="polite" className="text-sm">
        {!asked ? <p className="text-muted-foreground">{t("idle")}</p> : null}
        {asked && query.isFetching ? <p>{t("running")}</p> : null}
      </div>
      {asked && query.isPending ? <Skeleton className="h-64 w-full" /> : null}
      {query.isError ? (
        <SectionError title={t("title")} error={query.error} onRetry={() => query.refetch()} />
      ) : null}
      {data ? (
        data.suggestions.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("empty")}</p>
        ) : (
          <>
            <div className="text-muted-foreground text-sm" data-testid="suggest-summary">
              <p>
                {t("summary", { total: data.totalCustomers, sampled: data.sampled })}{" "}
                {t("kChosen", {
                  k: data.k,
                  by: data.kChosenBy,
                  score: chosen ? f.rating(chosen.score) : "—",
                })}
              </p>
              {data.sampled < data.totalCustomers ? (
                <p>{t("sampled", { size: f.integer(SAMPLE_SIZE), seed: data.seed })}</p>
              ) : null}
            </div>
            <div>
              <Button
                variant="outline"
                size="sm"
                data-testid="suggest-csv"
                onClick={() =>
                  downloadCsv(
                    csvFilename(`persona-suggestions-k${data.k}`, period),
                    suggestionsCsv(data, t, label, conditionText),
                  )
                }
              >
                <Download aria-hidden="true" />
                {t("csv.download")}
              </Button>
            </div>
            <ul className="grid gap-4 lg:grid-cols-2">
              {data.suggestions.map((s) => (
                <li key={s.index}>
                  <SuggestionCard suggestion={s} canCreate={canCreate} />
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </div>
  );
}
