// The app's own rules, which its pages call too (from @parcours/validators, not the web app's
// source): the tests ask the API for exactly what the page asks for, not a copy that could drift.
import type { TPeriodPreset } from "@parcours/validators/period";
import { resolveFilters } from "@parcours/validators/url-filters";
import { api, type TCatalogue, type TFunnelStep } from "./api";

export type TAnalyticsFilter = ReturnType<typeof resolveFilters>["filter"];
export type TPeriod = ReturnType<typeof resolveFilters>["period"];

/** The URL's filters as the pages read them (`?period=90d&persona=a,b`). */
export interface TUrlFilters {
  period?: TPeriodPreset;
  /** yyyy-MM-dd, for `period=custom`. */
  from?: string;
  to?: string;
  persona?: string[];
  channel?: string[];
}

function isoDate(day: string | undefined): Date | null {
  return day === undefined ? null : new Date(`${day}T00:00:00.000Z`);
}

let cachedCatalogue: Promise<TCatalogue> | undefined;

/** The catalogue does not change during a run: fetch it once. */
export function catalogue(): Promise<TCatalogue> {
  cachedCatalogue ??= api.catalogue.get.query();
  return cachedCatalogue;
}

/** The period and API filter a page computes for these URL filters. */
export async function resolveUrl(
  url: TUrlFilters = {},
  options: { persona?: string } = {},
): Promise<{ filter: TAnalyticsFilter; period: TPeriod }> {
  return resolveFilters(
    {
      period: url.period ?? "30d",
      from: isoDate(url.from),
      to: isoDate(url.to),
      persona: url.persona ?? [],
      channel: url.channel ?? [],
    },
    await catalogue(),
    options,
  );
}

/** The API filter a page computes for these URL filters (persona pages pass `persona`). */
export async function apiFilter(
  url: TUrlFilters = {},
  options: { persona?: string } = {},
): Promise<TAnalyticsFilter> {
  return (await resolveUrl(url, options)).filter;
}

/** The overview's funnel steps: every catalogue stage in order (as the app's `defaultSteps`). */
export async function stageSteps(): Promise<TFunnelStep[]> {
  return (await catalogue()).stages.slice(0, 10).map((s) => ({ kind: "stage", key: s.key }));
}

/** A funnel step's URL form (`purchase`, `touchpoint:store_till`). */
export function stepParam(step: TFunnelStep): string {
  return step.kind === "touchpoint" ? `touchpoint:${step.key}` : step.key;
}

/** A step's display name, as the app's `stepLabel`. */
export async function stepName(step: TFunnelStep): Promise<string> {
  const cat = await catalogue();
  const list = step.kind === "stage" ? cat.stages : cat.touchpoints;
  const name = list.find((item) => item.key === step.key)?.name ?? step.key;
  return step.type ? `${name} · ${step.type}` : name;
}
