import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";

export const DEMO_CHANNELS = [
  { key: "web", name: "Web" },
  { key: "app", name: "Mobile app" },
  { key: "store", name: "Store" },
  { key: "email", name: "Email" },
  { key: "social", name: "Social media" },
  { key: "phone", name: "Phone" },
  { key: "partner", name: "Partners" },
] as const;

/** The six stages of seed 002, with its goal and actions for each. */
export const DEMO_STAGES = [
  {
    key: "discovery",
    name: "Discovery",
    goal: "Catch the potential customer's attention.",
    actions: [
      "Online advertising",
      "Search engine optimisation",
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
    actions: ["Simple checkout", "Delivery options", "Guarantees"],
  },
  {
    key: "after_sales",
    name: "After-sales",
    goal: "Make sure the customer is satisfied and build loyalty.",
    actions: ["Confirmation email", "Delivery tracking", "Customer support", "Returns"],
  },
  {
    key: "loyalty",
    name: "Loyalty",
    goal: "Turn customers into brand ambassadors.",
    actions: ["Loyalty programme", "Personalised newsletters", "Satisfaction surveys", "Referral"],
  },
] as const;

export type DemoStageKey = (typeof DEMO_STAGES)[number]["key"];
export type DemoChannelKey = (typeof DEMO_CHANNELS)[number]["key"];

export interface DemoTouchpoint {
  key: string;
  name: string;
  channel: DemoChannelKey;
  stage: DemoStageKey;
  /** Event types this touchpoint produces, the first being the usual one. */
  types: string[];
  /** Mean rating when rated: where the frictions of the story live. */
  satisfaction: number;
}

export const DEMO_TOUCHPOINTS: DemoTouchpoint[] = [
  {
    key: "search_engine",
    name: "Search engine",
    channel: "web",
    stage: "discovery",
    types: ["search", "click"],
    satisfaction: 3.8,
  },
  {
    key: "online_ads",
    name: "Online ads",
    channel: "web",
    stage: "discovery",
    types: ["view", "click"],
    satisfaction: 3.2,
  },
  {
    key: "social_media",
    name: "Social media",
    channel: "social",
    stage: "discovery",
    types: ["view", "click"],
    satisfaction: 3.7,
  },
  {
    key: "store_window",
    name: "Shop window",
    channel: "store",
    stage: "discovery",
    types: ["visit"],
    satisfaction: 4.1,
  },
  {
    key: "website",
    name: "Website",
    channel: "web",
    stage: "consideration",
    types: ["view", "search"],
    satisfaction: 3.9,
  },
  {
    key: "mobile_app",
    name: "Mobile app",
    channel: "app",
    stage: "consideration",
    types: ["view", "search"],
    satisfaction: 3.8,
  },
  {
    key: "review_site",
    name: "Review site",
    channel: "partner",
    stage: "consideration",
    types: ["view"],
    satisfaction: 3.6,
  },
  {
    key: "newsletter",
    name: "Newsletter",
    channel: "email",
    stage: "consideration",
    types: ["open", "click"],
    satisfaction: 3.5,
  },
  {
    key: "store_visit",
    name: "Store visit",
    channel: "store",
    stage: "decision",
    types: ["visit", "add_to_cart"],
    satisfaction: 4.4,
  },
  {
    key: "live_chat",
    name: "Live chat",
    channel: "web",
    stage: "decision",
    types: ["support", "add_to_cart"],
    satisfaction: 4.0,
  },
  {
    key: "app_basket",
    name: "App basket",
    channel: "app",
    stage: "decision",
    types: ["add_to_cart"],
    satisfaction: 3.7,
  },
  {
    key: "web_basket",
    name: "Web basket",
    channel: "web",
    stage: "decision",
    types: ["add_to_cart"],
    satisfaction: 3.9,
  },
  {
    key: "web_checkout",
    name: "Web checkout",
    channel: "web",
    stage: "purchase",
    types: ["purchase", "checkout"],
    satisfaction: 3.9,
  },
  {
    key: "app_checkout",
    name: "App checkout",
    channel: "app",
    stage: "purchase",
    types: ["purchase", "checkout"],
    satisfaction: 2.3,
  },
  {
    key: "store_till",
    name: "Store till",
    channel: "store",
    stage: "purchase",
    types: ["purchase"],
    satisfaction: 4.5,
  },
  {
    key: "confirmation_email",
    name: "Confirmation email",
    channel: "email",
    stage: "after_sales",
    types: ["open"],
    satisfaction: 4.0,
  },
  {
    key: "delivery",
    name: "Home delivery",
    channel: "partner",
    stage: "after_sales",
    types: ["delivery"],
    satisfaction: 4.3,
  },
  {
    key: "customer_service",
    name: "Customer service",
    channel: "phone",
    stage: "after_sales",
    types: ["support"],
    satisfaction: 3.1,
  },
  {
    key: "returns",
    name: "Returns",
    channel: "web",
    stage: "after_sales",
    types: ["return"],
    satisfaction: 2.8,
  },
  {
    key: "loyalty_programme",
    name: "Loyalty programme",
    channel: "app",
    stage: "loyalty",
    types: ["loyalty"],
    satisfaction: 4.2,
  },
  {
    key: "satisfaction_survey",
    name: "Satisfaction survey",
    channel: "email",
    stage: "loyalty",
    types: ["survey"],
    satisfaction: 3.9,
  },
  {
    key: "referral",
    name: "Referral",
    channel: "social",
    stage: "loyalty",
    types: ["referral", "review"],
    satisfaction: 4.5,
  },
];

/** Inserts the default catalogue; keys already present are left as they are. */
export async function seedCatalogue(db: Database): Promise<void> {
  await queryRows(
    db,
    sql`INSERT INTO channels (key, name)
        SELECT key, name FROM jsonb_to_recordset(${JSON.stringify(DEMO_CHANNELS)}::jsonb) AS x(key text, name text)
        ON CONFLICT (key) DO NOTHING`,
  );
  const stages = DEMO_STAGES.map((s, position) => ({
    ...s,
    position,
    is_conversion: s.key === "purchase",
  }));
  await queryRows(
    db,
    sql`INSERT INTO stages (key, name, position, goal, actions, is_conversion)
        SELECT key, name, position, goal, ARRAY(SELECT jsonb_array_elements_text(actions)), is_conversion
        FROM jsonb_to_recordset(${JSON.stringify(stages)}::jsonb)
          AS x(key text, name text, position int, goal text, actions jsonb, is_conversion boolean)
        WHERE NOT (is_conversion AND EXISTS (SELECT 1 FROM stages WHERE is_conversion))
        ON CONFLICT (key) DO NOTHING`,
  );
  await queryRows(
    db,
    sql`INSERT INTO touchpoints (key, name, channel_id, stage_id)
        SELECT x.key, x.name, c.id, s.id
        FROM jsonb_to_recordset(${JSON.stringify(DEMO_TOUCHPOINTS)}::jsonb)
          AS x(key text, name text, channel text, stage text)
        JOIN channels c ON c.key = x.channel
        JOIN stages s ON s.key = x.stage
        ON CONFLICT (key) DO NOTHING`,
  );
}
