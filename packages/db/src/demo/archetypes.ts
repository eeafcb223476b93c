import type { DemoChannelKey } from "./catalogue";
import type { Random } from "./random";

/**
 * How each kind of customer behaves. Personas are assigned afterwards by the personas' own
 * rules over the attributes drawn here, as they would be for a retailer's real customers, so
 * an admin who edits a rule sees customers move.
 */
export interface Archetype {
  key: string;
  share: number;
  /** Relative preference per channel when picking a touchpoint in a stage. */
  channels: Partial<Record<DemoChannelKey, number>>;
  /** Odds of moving on to consideration, to a decision, and from a decision to checkout. */
  consider: number;
  decide: number;
  buy: number;
  /** Added to `decide` and `buy` in a visit where the customer read the newsletter. */
  emailBoost: number;
  /** Odds of giving up in the app checkout (payment form on a small screen). */
  appAbandon: number;
  /** Odds of joining the loyalty stage after a good experience. */
  loyalty: number;
  /** Odds of coming back for another purchase after a good experience. */
  repeat: number;
  /** Multiplies every delay: some people decide in minutes, others wait for the sales. */
  pace: number;
  /** Mean basket, in euros. */
  basket: number;
  attributes: (r: Random, end: number) => Record<string, unknown>;
}

const CITIES = [
  ["Paris", "large"],
  ["Lyon", "large"],
  ["Marseille", "large"],
  ["Lille", "medium"],
  ["Nantes", "medium"],
  ["Bordeaux", "medium"],
  ["Rennes", "medium"],
  ["Annecy", "small"],
  ["Colmar", "small"],
  ["Vannes", "small"],
] as const;

const DAY = 86_400_000;

function base(r: Random, end: number, minYears: number) {
  const [city, size] = r.pick(CITIES);
  const days = r.int(Math.round(minYears * 365) + 7, 6 * 365);
  return {
    city,
    city_size: size,
    signup_date: new Date(end - days * DAY).toISOString().slice(0, 10),
  };
}

export const ARCHETYPES: readonly Archetype[] = [
  {
    key: "mobile_first",
    share: 0.24,
    channels: { app: 6, social: 3, web: 1.5, email: 1, store: 0.4 },
    consider: 0.85,
    decide: 0.75,
    buy: 0.8,
    emailBoost: 0.05,
    appAbandon: 0.5,
    loyalty: 0.5,
    repeat: 0.45,
    pace: 0.6,
    basket: 45,
    attributes: (r, end) => ({
      ...base(r, end, 0),
      age: r.int(18, 34),
      preferred_device: "mobile",
      preferred_channel: "app",
      loyalty_member: r.chance(0.2),
      orders_last_year: r.int(0, 3),
      coupon_user: r.chance(0.3),
      segment: "individual",
    }),
  },
  {
    key: "loyal_regular",
    share: 0.16,
    channels: { web: 3, store: 3, app: 2, email: 3 },
    consider: 0.92,
    decide: 0.85,
    buy: 0.9,
    emailBoost: 0.05,
    appAbandon: 0.3,
    loyalty: 0.8,
    repeat: 0.7,
    pace: 0.8,
    basket: 80,
    attributes: (r, end) => ({
      ...base(r, end, 1),
      age: r.int(35, 72),
      preferred_device: r.pick(["desktop", "mobile", "tablet"]),
      preferred_channel: r.pick(["web", "store"]),
      loyalty_member: true,
      orders_last_year: r.int(4, 15),
      coupon_user: r.chance(0.3),
      segment: "individual",
    }),
  },
  {
    key: "bargain_hunter",
    share: 0.18,
    channels: { email: 2.5, web: 3, partner: 3, social: 1, app: 1 },
    consider: 0.88,
    decide: 0.3,
    buy: 0.5,
    emailBoost: 0.4,
    appAbandon: 0.3,
    loyalty: 0.45,
    repeat: 0.4,
    pace: 1.6,
    basket: 35,
    attributes: (r, end) => ({
      ...base(r, end, 0),
      age: r.int(35, 65),
      preferred_device: r.pick(["desktop", "desktop", "tablet"]),
      preferred_channel: "web",
      loyalty_member: r.chance(0.3),
      orders_last_year: r.int(0, 3),
      coupon_user: true,
      segment: "individual",
    }),
  },
  {
    key: "store_traditionalist",
    share: 0.14,
    channels: { store: 8, email: 1, phone: 1, web: 1 },
    consider: 0.8,
    decide: 0.8,
    buy: 0.9,
    emailBoost: 0.05,
    appAbandon: 0.3,
    loyalty: 0.6,
    repeat: 0.45,
    pace: 1.2,
    basket: 70,
    attributes: (r, end) => ({
      ...base(r, end, 0),
      age: r.int(45, 80),
      preferred_device: "desktop",
      preferred_channel: "store",
      loyalty_member: r.chance(0.4),
      orders_last_year: r.int(0, 3),
      coupon_user: false,
      segment: "individual",
    }),
  },
  {
    key: "busy_professional",
    share: 0.12,
    channels: { web: 5, phone: 2, app: 2, email: 1 },
    consider: 0.75,
    decide: 0.8,
    buy: 0.9,
    emailBoost: 0,
    appAbandon: 0.3,
    loyalty: 0.4,
    repeat: 0.5,
    pace: 0.4,
    basket: 120,
    attributes: (r, end) => ({
      ...base(r, end, 0),
      age: r.int(35, 60),
      preferred_device: r.pick(["desktop", "desktop", "mobile"]),
      preferred_channel: "web",
      loyalty_member: false,
      orders_last_year: r.int(0, 3),
      coupon_user: false,
      segment: "professional",
    }),
  },
  {
    // Matches no persona rule: the "unassigned" customers every retailer has.
    key: "occasional",
    share: 0.16,
    channels: { web: 4, store: 2, social: 1, partner: 1 },
    consider: 0.65,
    decide: 0.6,
    buy: 0.8,
    emailBoost: 0.05,
    appAbandon: 0.3,
    loyalty: 0.3,
    repeat: 0.25,
    pace: 1.4,
    basket: 55,
    attributes: (r, end) => ({
      ...base(r, end, 0),
      age: r.int(35, 75),
      preferred_device: r.pick(["desktop", "tablet"]),
      preferred_channel: "web",
      loyalty_member: false,
      orders_last_year: r.int(0, 2),
      coupon_user: false,
      segment: "individual",
    }),
  },
];

export function pickArchetype(r: Random): Archetype {
  let x = r.next();
  for (const archetype of ARCHETYPES) {
    x -= archetype.share;
    if (x < 0) return archetype;
  }
  const last = ARCHETYPES[ARCHETYPES.length - 1];
  if (!last) throw new RangeError("no archetypes");
  return last;
}
