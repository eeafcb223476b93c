import type { TStageMetric } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { advanceDataVersion } from "../queries/data-version";
import {
  DEMO_CHANNEL_NAMES_FR,
  DEMO_STAGES_FR,
  DEMO_TOUCHPOINT_NAMES_FR,
  type DemoLocale,
} from "./locale";

export const DEMO_CHANNELS = [
  { key: "web", name: "Web" },
  { key: "app", name: "Mobile app" },
  { key: "store", name: "Store" },
  { key: "email", name: "Email" },
  { key: "social", name: "Social media" },
  { key: "phone", name: "Phone" },
  { key: "partner", name: "Partners" },
] as const;

/** The six stages of seed 002, with its goal and actions for each, in English. */
export const DEMO_STAGES = [
  {
    key: "discovery",
    name: "Discovery",
    goal: "Attract the potential customer's attention.",
    actions: [
      "Online advertising",
      "SEO (search engine optimisation)",
      "Content marketing",
      "Social media",
    ],
  },
  {
    key: "consideration",
    name: "Consideration",
    goal: "Spark interest and encourage engagement.",
    actions: ["Product comparisons", "Customer testimonials", "Newsletters"],
  },
  {
    key: "decision",
    name: "Decision",
    goal: "Make the purchase decision easy.",
    actions: ["Special offers", "Customer reviews", "Product demonstrations", "Live chat"],
  },
  {
    key: "purchase",
    name: "Purchase",
    goal: "Complete the transaction.",
    actions: ["Simplified checkout", "Delivery options", "Guarantees"],
  },
  {
    key: "after_sales",
    name: "After-sales",
    goal: "Ensure satisfaction and build loyalty.",
    actions: ["Confirmation email", "Delivery tracking", "Customer support", "Loyalty programmes"],
  },
  {
    key: "loyalty",
    name: "Loyalty",
    goal: "Turn customers into brand ambassadors.",
    actions: ["Loyalty programmes", "Personalised newsletters", "Satisfaction surveys"],
  },
] as const;

/** Conversion rates and KPIs count reaching this stage. */
export const DEMO_CONVERSION_STAGE = "purchase";

export type DemoStageKey = (typeof DEMO_STAGES)[number]["key"];
export type DemoChannelKey = (typeof DEMO_CHANNELS)[number]["key"];

export interface DemoTouchpoint {
  key: string;
  name: string;
  channel: DemoChannelKey;
  stage: DemoStageKey;
  /** Event types this touchpoint produces, the first being the usual one. */
  types: readonly string[];
  /** Mean rating when rated: where the frictions of the story live. */
  satisfaction: number;
}

const tp = (
  key: string,
  name: string,
  channel: DemoChannelKey,
  stage: DemoStageKey,
  types: readonly string[],
  satisfaction: number,
): DemoTouchpoint => ({ key, name, channel, stage, types, satisfaction });

export const DEMO_TOUCHPOINTS: readonly DemoTouchpoint[] = [
  tp("search_engine", "Search engine", "web", "discovery", ["search", "click"], 3.8),
  tp("online_ads", "Online ads", "web", "discovery", ["view", "click"], 3.2),
  tp("social_media", "Social media", "social", "discovery", ["view", "click"], 3.7),
  tp("store_window", "Shop window", "store", "discovery", ["visit"], 4.1),
  tp("website", "Website", "web", "consideration", ["view", "search"], 3.9),
  tp("mobile_app", "Mobile app", "app", "consideration", ["view", "search"], 3.8),
  tp("review_site", "Review site", "partner", "consideration", ["view"], 3.6),
  tp("newsletter", "Newsletter", "email", "consideration", ["open", "click"], 3.5),
  tp("store_visit", "Store visit", "store", "decision", ["visit", "add_to_cart"], 4.4),
  tp("live_chat", "Live chat", "web", "decision", ["support"], 4.0),
  tp("product_page", "Product page", "web", "decision", ["view", "add_to_cart"], 3.9),
  tp("price_comparison", "Price comparison site", "partner", "decision", ["view", "click"], 3.6),
  tp("app_basket", "App basket", "app", "decision", ["add_to_cart"], 3.7),
  tp("web_checkout", "Web checkout", "web", "purchase", ["purchase", "checkout"], 3.9),
  tp("app_checkout", "App checkout", "app", "purchase", ["purchase", "checkout"], 2.3),
  tp("store_till", "Store till", "store", "purchase", ["purchase"], 4.5),
  tp("confirmation_email", "Confirmation email", "email", "after_sales", ["open"], 4.0),
  tp("delivery", "Home delivery", "partner", "after_sales", ["delivery"], 4.4),
  tp("customer_service", "Customer service", "phone", "after_sales", ["support"], 3.1),
  tp("returns", "Returns", "web", "after_sales", ["return"], 2.8),
  tp("loyalty_programme", "Loyalty programme", "app", "loyalty", ["loyalty"], 4.2),
  tp("satisfaction_survey", "Satisfaction survey", "email", "loyalty", ["survey"], 3.9),
  tp("referral", "Referral", "social", "loyalty", ["referral", "review"], 4.5),
];

/** The demo catalogue in a language: the same keys, the names, goals and actions translated. */
export function demoCatalogue(locale: DemoLocale = "en") {
  if (locale === "en") {
    return { channels: DEMO_CHANNELS, stages: DEMO_STAGES, touchpoints: DEMO_TOUCHPOINTS };
  }
  return {
    channels: DEMO_CHANNELS.map((c) => ({ ...c, name: DEMO_CHANNEL_NAMES_FR[c.key] ?? c.name })),
    stages: DEMO_STAGES.map((s) => ({ ...s, ...DEMO_STAGES_FR[s.key] })),
    touchpoints: DEMO_TOUCHPOINTS.map((t) => ({
      ...t,
      name: DEMO_TOUCHPOINT_NAMES_FR[t.key] ?? t.name,
    })),
  };
}

/**
 * The seeds' success measures where the demo's events can measure them (docs/metrics.md, "Stage
 * metrics and targets"): awareness visits, click-through, conversion rate, repeat purchase rate,
 * satisfaction and reviews, and cost per conversion over the demo's spend (demo/spend.ts).
 * Metrics change no figure of the README's demo.
 */
export function demoStageMetrics(locale: DemoLocale = "en"): Record<string, TStageMetric[]> {
  const fr = locale === "fr";
  const of = (touchpoints: string[], types: string[]) => ({ touchpoints, types });
  return {
    discovery: [
      {
        key: "visits",
        name: fr ? "Visites" : "Visits",
        kind: "events",
        of: of(["search_engine", "online_ads", "social_media", "store_window"], ["view", "visit"]),
        target: null,
      },
    ],
    consideration: [
      {
        key: "click_through",
        name: fr ? "Taux de clic des annonces" : "Ad click-through rate",
        kind: "ratio",
        numerator: { kind: "events", of: of(["online_ads", "social_media"], ["click"]) },
        denominator: { kind: "events", of: of(["online_ads", "social_media"], ["view"]) },
        target: { op: "gte", value: 0.2 },
      },
    ],
    purchase: [
      {
        key: "conversion_rate",
        name: fr ? "Taux de conversion" : "Conversion rate",
        kind: "ratio",
        numerator: { kind: "customers", of: of([], ["purchase"]) },
        denominator: { kind: "customers", of: of([], []) },
        target: { op: "gte", value: 0.5 },
      },
      {
        key: "cost_per_conversion",
        name: fr ? "Coût par conversion" : "Cost per conversion",
        kind: "cost",
        channels: [],
        per: { kind: "customers", of: of([], ["purchase"]) },
        target: { op: "lte", value: 15 },
      },
    ],
    loyalty: [
      {
        key: "repeat_purchase",
        name: fr ? "Taux de réachat" : "Repeat purchase rate",
        kind: "repeat",
        type: "purchase",
        target: { op: "gte", value: 0.3 },
      },
      {
        key: "satisfaction",
        name: "Satisfaction",
        kind: "rating",
        of: of(["loyalty_programme", "satisfaction_survey", "referral"], []),
        target: { op: "gte", value: 4 },
      },
      {
        key: "reviews",
        name: fr ? "Avis" : "Reviews",
        kind: "events",
        of: of([], ["review"]),
        target: null,
      },
    ],
  };
}

/**
 * Inserts the default catalogue, in English or French; keys already present are left as they
 * are, and no second conversion stage is added to a catalogue that already marks one.
 */
export async function seedCatalogue(db: Database, locale: DemoLocale = "en"): Promise<void> {
  const catalogue = demoCatalogue(locale);
  await queryRows(
    db,
    sql`INSERT INTO channels (key, name)
        SELECT key, name FROM jsonb_to_recordset(${JSON.stringify(catalogue.channels)}::jsonb) AS x(key text, name text)
        ON CONFLICT (key) DO NOTHING`,
  );
  const metrics = demoStageMetrics(locale);
  const stages = catalogue.stages.map((s, position) => ({
    ...s,
    metrics: metrics[s.key] ?? [],
    position,
    is_conversion: s.key === DEMO_CONVERSION_STAGE,
  }));
  await queryRows(
    db,
    sql`INSERT INTO stages (key, name, position, goal, actions, is_conversion, metrics)
        SELECT key, name, position, goal, ARRAY(SELECT jsonb_array_elements_text(actions)),
          is_conversion AND NOT EXISTS (SELECT 1 FROM stages WHERE is_conversion), metrics
        FROM jsonb_to_recordset(${JSON.stringify(stages)}::jsonb)
          AS x(key text, name text, position int, goal text, actions jsonb, is_conversion boolean,
            metrics jsonb)
        ON CONFLICT (key) DO NOTHING`,
  );
  await queryRows(
    db,
    sql`INSERT INTO touchpoints (key, name, channel_id, stage_id)
        SELECT x.key, x.name, c.id, s.id
        FROM jsonb_to_recordset(${JSON.stringify(catalogue.touchpoints)}::jsonb)
          AS x(key text, name text, channel text, stage text)
        JOIN channels c ON c.key = x.channel
        JOIN stages s ON s.key = x.stage
        ON CONFLICT (key) DO NOTHING`,
  );
  await advanceDataVersion(db);
}
