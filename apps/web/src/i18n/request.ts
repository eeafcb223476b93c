import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { isLocale, LOCALE_COOKIE, negotiateLocale, type TLocale } from "./config";
import { formats } from "./formats";

/** No locale in the URL: the cookie set by the language switch, else the browser's languages. */
export async function resolveLocale(): Promise<TLocale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language"));
}

/**
 * Areas with many strings keep them in their own file, `messages/<locale>/<area>.json`, under
 * the namespace of the same name (camel-cased): `admin-personas.json` → `adminPersonas`.
 */
const AREAS = {
  adminPersonas: "admin-personas",
  adminCatalogue: "admin-catalogue",
  adminIngestion: "admin-ingestion",
  adminSegment: "admin-segment",
  adminSpend: "admin-spend",
  journeys: "journeys",
  metrics: "metrics",
  funnelCompare: "funnel-compare",
  funnelBreakdown: "funnel-breakdown",
  funnelExclusion: "funnel-exclusion",
  customers: "customers",
  cohorts: "cohorts",
  paths: "paths",
  drivers: "drivers",
  retention: "retention",
  personaSuggestions: "persona-suggestions",
  stageMetrics: "stage-metrics",
  reviews: "reviews",
} as const;

async function loadMessages(locale: TLocale): Promise<Record<string, unknown>> {
  const base = (await import(`../../messages/${locale}.json`)).default;
  const areas = await Promise.all(
    Object.entries(AREAS).map(
      async ([namespace, file]) =>
        [namespace, (await import(`../../messages/${locale}/${file}.json`)).default] as const,
    ),
  );
  return { ...base, ...Object.fromEntries(areas) };
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return {
    locale,
    messages: await loadMessages(locale),
    // Periods are whole UTC days: render every date in UTC so server and browser agree.
    timeZone: "UTC",
    formats,
  };
});
