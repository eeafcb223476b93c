import type adminCatalogue from "../messages/en/admin-catalogue.json";
import type adminIngestion from "../messages/en/admin-ingestion.json";
import type adminPersonas from "../messages/en/admin-personas.json";
import type adminSegment from "../messages/en/admin-segment.json";
import type adminSpend from "../messages/en/admin-spend.json";
import type cohorts from "../messages/en/cohorts.json";
import type customers from "../messages/en/customers.json";
import type drivers from "../messages/en/drivers.json";
import type funnelBreakdown from "../messages/en/funnel-breakdown.json";
import type funnelCompare from "../messages/en/funnel-compare.json";
import type funnelExclusion from "../messages/en/funnel-exclusion.json";
import type journeys from "../messages/en/journeys.json";
import type metrics from "../messages/en/metrics.json";
import type paths from "../messages/en/paths.json";
import type personaSuggestions from "../messages/en/persona-suggestions.json";
import type retention from "../messages/en/retention.json";
import type reviews from "../messages/en/reviews.json";
import type stageMetrics from "../messages/en/stage-metrics.json";
import type messages from "../messages/en.json";
import type { TLocale } from "./i18n/config";
import type { formats } from "./i18n/formats";

declare module "next-intl" {
  interface AppConfig {
    Locale: TLocale;
    Messages: typeof messages & {
      adminPersonas: typeof adminPersonas;
      adminCatalogue: typeof adminCatalogue;
      adminIngestion: typeof adminIngestion;
      adminSegment: typeof adminSegment;
      adminSpend: typeof adminSpend;
      customers: typeof customers;
      drivers: typeof drivers;
      funnelBreakdown: typeof funnelBreakdown;
      cohorts: typeof cohorts;
      funnelCompare: typeof funnelCompare;
      funnelExclusion: typeof funnelExclusion;
      journeys: typeof journeys;
      metrics: typeof metrics;
      paths: typeof paths;
      personaSuggestions: typeof personaSuggestions;
      retention: typeof retention;
      reviews: typeof reviews;
      stageMetrics: typeof stageMetrics;
    };
    Formats: typeof formats;
  }
}
