import type { DemoChannelKey } from "./catalogue";
import type { Random } from "./random";

/**
 * How each kind of customer behaves. Personas are assigned afterwards by the persona rules
 * over the attributes drawn here, as they would be for a retailer's real customers.
 */
export interface Archetype {
  key: string;
  share: number;
  channels: Partial<Record<DemoChannelKey, number>>;
  /** Probability of moving on from each stage to the next. */
  consider: number;
  decide: number;
  buy: number;
  /** Probability of coming back for another purchase after a good experience. */
  repeat: number;
  basket: number;
  attributes: (r: Random) => Record<string, unknown>;
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

function base(r: Random) {
  const [city, size] = r.pick(CITIES);
  return { city, city_size: size, signup_year: r.int(2018, 2026) };
}

export const ARCHETYPES: Archetype[] = [
  {
    key: "mobile_first",
    share: 0.24,
    channels: { app: 6, social: 3, web: 2, email: 1, store: 0.5 },
    consider: 0.8,
    decide: 0.72,
    buy: 0.7,
    repeat: 0.45,
    basket: 45,
    attributes: (r) => ({
      ...base(r),
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
    consider: 0.9,
    decide: 0.85,
    buy: 0.85,
    repeat: 0.75,
    basket: 80,
    attributes: (r) => ({
      ...base(r),
      age: r.int(35, 70),
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
    channels: { email: 4, web: 4, partner: 2, social: 1, app: 1 },
    consider: 0.85,
    decide: 0.55,
    buy: 0.6,
    repeat: 0.4,
    basket: 35,
    attributes: (r) => ({
      ...base(r),
      age: r.int(35, 65),
      preferred_device: "desktop",
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
    consider: 0.75,
    decide: 0.8,
    buy: 0.85,
    repeat: 0.45,
    basket: 70,
    attributes: (r) => ({
      ...base(r),
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
    consider: 0.7,
    decide: 0.8,
    buy: 0.85,
    repeat: 0.45,
    basket: 120,
    attributes: (r) => ({
      ...base(r),
      age: r.int(35, 60),
      preferred_device: "desktop",
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
    consider: 0.6,
    decide: 0.6,
    buy: 0.7,
    repeat: 0.25,
    basket: 55,
    attributes: (r) => ({
      ...base(r),
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
