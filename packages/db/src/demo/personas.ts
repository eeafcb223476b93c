import type { TPersonaRules } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { advanceDataVersion } from "../queries/data-version";
import { DEMO_PERSONAS_FR, type DemoLocale } from "./locale";

export interface DemoPersona {
  key: string;
  name: string;
  description: string;
  goals: string[];
  needs: string[];
  painPoints: string[];
  colour: string;
  priority: number;
  rules: TPersonaRules;
}

export const DEMO_PERSONAS: DemoPersona[] = [
  {
    key: "mobile_first",
    name: "Mobile-first millennial",
    description:
      "Under 35, discovers on social media and shops from the phone, often late in the evening.",
    goals: ["Find a good product fast", "Buy in a few taps"],
    needs: ["A smooth app checkout", "Delivery tracking on the phone"],
    painPoints: ["Checkout forms that are painful on a small screen", "Payment errors in the app"],
    colour: "#2563eb",
    priority: 10,
    rules: {
      match: "all",
      conditions: [
        { attribute: "age", operator: "lt", value: 35 },
        { attribute: "preferred_device", operator: "eq", value: "mobile" },
      ],
    },
  },
  {
    key: "loyal_regular",
    name: "Loyal regular",
    description:
      "A loyalty-programme member who buys several times a year and recommends the brand.",
    goals: ["Get rewarded for loyalty", "Reorder favourites easily"],
    needs: ["Recognition across channels", "Reliable delivery"],
    painPoints: ["Late deliveries", "Points that are hard to use"],
    colour: "#16a34a",
    priority: 20,
    rules: {
      match: "all",
      conditions: [
        { attribute: "loyalty_member", operator: "eq", value: true },
        { attribute: "orders_last_year", operator: "gte", value: 4 },
      ],
    },
  },
  {
    key: "bargain_hunter",
    name: "Bargain hunter",
    description:
      "Compares prices, waits for the promotion and reacts to coupons in the newsletter.",
    goals: ["Pay the best price", "Never miss a sale"],
    needs: ["Clear prices and comparisons", "Promotions by email"],
    painPoints: ["Delivery fees revealed at checkout", "Coupons that do not apply"],
    colour: "#d97706",
    priority: 30,
    rules: {
      match: "all",
      conditions: [{ attribute: "coupon_user", operator: "eq", value: true }],
    },
  },
  {
    key: "store_traditionalist",
    name: "In-store traditionalist",
    description: "Prefers to see, touch and buy in the shop, and to ask a sales assistant.",
    goals: ["Get advice from a person", "Leave with the product"],
    needs: ["Stock available in store", "Knowledgeable staff"],
    painPoints: ["Out-of-stock items", "Queues at the till"],
    colour: "#9333ea",
    priority: 40,
    rules: {
      match: "all",
      conditions: [{ attribute: "preferred_channel", operator: "eq", value: "store" }],
    },
  },
  {
    key: "busy_professional",
    name: "Busy professional",
    description: "Buys for work or between meetings; values speed and service over price.",
    goals: ["Save time", "Get it right the first time"],
    needs: ["Fast checkout", "Quick answers from customer service"],
    painPoints: ["Waiting on the phone", "Complicated returns"],
    colour: "#0891b2",
    priority: 50,
    rules: {
      match: "any",
      conditions: [{ attribute: "segment", operator: "eq", value: "professional" }],
    },
  },
];

/** The demo personas in a language: the same keys, colours and rules, the profiles translated. */
export function demoPersonas(locale: DemoLocale = "en"): DemoPersona[] {
  if (locale === "en") return DEMO_PERSONAS;
  return DEMO_PERSONAS.map((p) => ({ ...p, ...DEMO_PERSONAS_FR[p.key] }));
}

/** Inserts the demo personas, in English or French; keys already present are left as they are. */
export async function seedPersonas(db: Database, locale: DemoLocale = "en"): Promise<void> {
  const rows = demoPersonas(locale).map((p) => ({ ...p, pain_points: p.painPoints }));
  await queryRows(
    db,
    sql`INSERT INTO personas (key, name, description, goals, needs, pain_points, colour, priority, rules)
        SELECT key, name, description,
          ARRAY(SELECT jsonb_array_elements_text(goals)),
          ARRAY(SELECT jsonb_array_elements_text(needs)),
          ARRAY(SELECT jsonb_array_elements_text(pain_points)),
          colour, priority, rules
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS x(key text, name text, description text, goals jsonb, needs jsonb, pain_points jsonb,
               colour text, priority int, rules jsonb)
        ON CONFLICT (key) DO NOTHING`,
  );
  await advanceDataVersion(db);
}
