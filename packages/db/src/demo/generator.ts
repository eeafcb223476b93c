import { type Archetype, pickArchetype } from "./archetypes";
import { DEMO_TOUCHPOINTS, type DemoStageKey, type DemoTouchpoint } from "./catalogue";
import { demoComment } from "./comments";
import type { DemoLocale } from "./locale";
import { Random } from "./random";

export interface DemoOptions {
  customers: number;
  seed: number;
  /** Journeys start in [end − days, end) and stop at `end`. */
  end: Date;
  days?: number;
  /** The language customers write their comments in (English by default). */
  locale?: DemoLocale;
}

export interface DemoCustomer {
  /** The retailer's id, `C000123`: the interchange format's customer_id. */
  externalId: string;
  attributes: Record<string, unknown>;
}

/** One event in the interchange shape (what ZEventInputSchema produces). */
export interface DemoEvent {
  eventId: string;
  customerId: string;
  occurredAt: Date;
  touchpoint: string;
  type: string;
  /** Set when the event belongs to another stage than its touchpoint's. */
  stage?: DemoStageKey;
  satisfaction?: number;
  revenue?: string;
  /** What the customer wrote with the rating, now and then (demo/comments.ts). */
  comment?: string;
  properties: Record<string, unknown>;
}

export interface DemoJourney {
  customer: DemoCustomer;
  /** In time order. */
  events: DemoEvent[];
}

export const DEFAULT_DEMO_DAYS = 180;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MAX_VISITS = 6;
/** Share of ordinary interactions that get a rating; checkouts and deliveries get more. */
const RATED = 0.33;
const RATED_MOMENT = 0.5;
const LATE_DELIVERY = 0.2;

const byStage = new Map<DemoStageKey, DemoTouchpoint[]>();
for (const tp of DEMO_TOUCHPOINTS) byStage.set(tp.stage, [...(byStage.get(tp.stage) ?? []), tp]);

function touchpoint(key: string): DemoTouchpoint {
  const tp = DEMO_TOUCHPOINTS.find((t) => t.key === key);
  if (!tp) throw new Error(`demo touchpoint ${key} is missing from the catalogue`);
  return tp;
}
const WEB_CHECKOUT = touchpoint("web_checkout");
const CONFIRMATION = touchpoint("confirmation_email");
const DELIVERY = touchpoint("delivery");
const SERVICE = touchpoint("customer_service");
const RETURNS = touchpoint("returns");

type Extra = Partial<Pick<DemoEvent, "type" | "stage" | "satisfaction" | "revenue" | "properties">>;

/**
 * One customer's journey through the stages, with the archetype's odds, channels and pace, and
 * the frictions the demo is about: the app checkout is rated low and abandoned more by
 * mobile-first customers; one delivery in five is late, rated 1–2, followed by calls and
 * returns, and those customers seldom reach loyalty; bargain hunters buy when an email offer
 * reaches them. Every emitter returns false once the journey runs past `end`.
 */
class Journey {
  readonly events: DemoEvent[] = [];
  private t: number;
  /** The customer read the newsletter in the current visit. */
  private promo = false;
  private basket = 0;

  constructor(
    private readonly r: Random,
    private readonly a: Archetype,
    private readonly customer: string,
    start: number,
    private readonly end: number,
    private readonly nextId: () => string,
    /** Draws for the comments alone, so that they leave every other figure as it was. */
    private readonly words: Random,
    private readonly locale: DemoLocale,
  ) {
    this.t = start;
  }

  private pick(stage: DemoStageKey): DemoTouchpoint {
    const options = byStage.get(stage) ?? [];
    let x = this.r.next() * options.reduce((sum, tp) => sum + this.weight(tp), 0);
    for (const tp of options) {
      x -= this.weight(tp);
      if (x < 0) return tp;
    }
    return this.r.pick(options);
  }

  private weight(tp: DemoTouchpoint): number {
    return (this.a.channels[tp.channel] ?? 0.2) + 0.1;
  }

  private rating(mean: number, p = RATED): number | undefined {
    if (!this.r.chance(p)) return undefined;
    return Math.min(5, Math.max(1, Math.round(this.r.normal(mean, 0.8))));
  }

  /** A delay drawn around `mean`, stretched or shortened by the customer's pace. */
  private wait(mean: number): number {
    return this.r.exponential(mean * this.a.pace);
  }

  private emit(tp: DemoTouchpoint, delay: number, extra: Extra = {}): boolean {
    this.t += Math.max(1000, Math.round(delay / 1000) * 1000);
    if (this.t >= this.end) return false;
    const satisfaction =
      "satisfaction" in extra ? extra.satisfaction : this.rating(tp.satisfaction);
    const properties = extra.properties ?? {};
    const comment =
      satisfaction === undefined
        ? undefined
        : demoComment(this.words, this.locale, tp.key, satisfaction, properties);
    this.events.push({
      eventId: this.nextId(),
      customerId: this.customer,
      occurredAt: new Date(this.t),
      touchpoint: tp.key,
      type: extra.type ?? tp.types[0] ?? "view",
      ...(extra.stage === undefined ? {} : { stage: extra.stage }),
      ...(satisfaction === undefined ? {} : { satisfaction }),
      ...(extra.revenue === undefined ? {} : { revenue: extra.revenue }),
      ...(comment === undefined ? {} : { comment }),
      properties,
    });
    return true;
  }

  private browse(stage: DemoStageKey, count: number, gap: number): boolean {
    for (let i = 0; i < count; i++) {
      const tp = this.pick(stage);
      if (tp.key === "newsletter") this.promo = true;
      const type = this.r.chance(0.75) ? tp.types[0] : this.r.pick(tp.types);
      if (!this.emit(tp, this.wait(i === 0 ? gap : 20 * MINUTE), { type })) return false;
    }
    return true;
  }

  run(): void {
    const { r, a } = this;
    if (!this.browse("discovery", r.int(1, 4), 0)) return;
    let gap = 2 * DAY;
    for (let visit = 0; visit < MAX_VISITS; visit++) {
      if (!r.chance(visit === 0 ? a.consider : 0.85)) return;
      this.promo = false;
      if (!this.browse("consideration", r.int(2, 6), gap)) return;
      const boost = this.promo ? a.emailBoost : 0;
      gap = 12 * DAY;
      if (!r.chance(a.decide + boost)) {
        if (r.chance(0.5)) return;
        continue;
      }
      if (!this.browse("decision", r.int(1, 4), DAY)) return;
      if (!r.chance(a.buy + boost)) continue;
      const bought = this.checkout();
      if (bought === undefined) return;
      // Half of those the checkout failed never come back.
      if (bought === false) {
        if (r.chance(0.5)) return;
        continue;
      }
      const happy = this.afterSales(bought);
      if (happy === undefined) return;
      if (r.chance(happy ? a.loyalty : a.loyalty / 8)) {
        if (!this.browse("loyalty", r.int(1, 3), 7 * DAY)) return;
      }
      if (!r.chance(happy ? a.repeat : a.repeat / 5)) return;
      gap = 25 * DAY;
    }
  }

  /** The checkout used for a purchase, false when abandoned, undefined past the end. */
  private checkout(): DemoTouchpoint | false | undefined {
    const r = this.r;
    let tp = this.pick("purchase");
    for (let attempt = 0; attempt < 2; attempt++) {
      const abandon =
        tp.key === "app_checkout" ? this.a.appAbandon : tp.key === "web_checkout" ? 0.12 : 0.02;
      if (!r.chance(abandon)) return this.purchase(tp) ? tp : undefined;
      // Still deciding: the attempt belongs to the decision stage, since reaching the purchase
      // stage counts as a conversion; its low rating says why.
      const ok = this.emit(tp, this.wait(2 * HOUR), {
        type: "checkout",
        stage: "decision",
        satisfaction: this.rating(Math.min(tp.satisfaction - 0.5, 2.6), RATED_MOMENT),
        properties: { abandoned: true, reason: this.abandonReason(tp) },
      });
      if (!ok) return undefined;
      // Some try again at once, on the website when the app failed them.
      if (!r.chance(0.4)) return false;
      if (tp.key === "app_checkout") tp = WEB_CHECKOUT;
    }
    return false;
  }

  private abandonReason(tp: DemoTouchpoint): string {
    if (tp.key === "store_till") return "queue";
    if (tp.key === "app_checkout") return this.r.pick(["payment_error", "form_too_long", "crash"]);
    return this.r.pick(["delivery_fees", "payment_error", "coupon_rejected"]);
  }

  private purchase(tp: DemoTouchpoint): boolean {
    const r = this.r;
    this.basket = Math.max(5, r.normal(this.a.basket, this.a.basket / 3));
    return this.emit(tp, this.wait(2 * HOUR), {
      type: "purchase",
      satisfaction: this.rating(tp.satisfaction, RATED_MOMENT),
      revenue: this.basket.toFixed(2),
      properties: { items: r.int(1, 5), ...(this.promo ? { coupon: "NEWS10" } : {}) },
    });
  }

  /** Delivery, calls and returns; true when it went well, undefined past the end. */
  private afterSales(checkout: DemoTouchpoint): boolean | undefined {
    const r = this.r;
    const inStore = checkout.key === "store_till";
    // An e-receipt for store purchases, an order confirmation otherwise; few rate either.
    if (r.chance(inStore ? 0.7 : 0.9)) {
      const confirmed = this.emit(CONFIRMATION, r.exponential(5 * MINUTE), {
        satisfaction: this.rating(CONFIRMATION.satisfaction, 0.1),
        properties: { kind: inStore ? "receipt" : "order" },
      });
      if (!confirmed) return undefined;
    }
    if (inStore) {
      if (r.chance(0.03) && !this.refund("changed_mind")) return undefined;
      return true;
    }
    const late = r.chance(LATE_DELIVERY);
    const daysLate = late ? r.int(2, 8) : 0;
    const delivered = this.emit(DELIVERY, (r.int(1, 3) + daysLate) * DAY + r.int(0, 10) * HOUR, {
      // Angry customers rate more often, and a late parcel never gets more than 2.
      satisfaction: late
        ? r.chance(0.75)
          ? r.int(1, 2)
          : undefined
        : this.rating(DELIVERY.satisfaction, 0.4),
      properties: late ? { late: true, days_late: daysLate } : { late: false },
    });
    if (!delivered) return undefined;
    if (r.chance(late ? 0.65 : 0.05)) {
      const called = this.emit(SERVICE, r.exponential(DAY), {
        type: "support",
        satisfaction: this.rating(late ? 2.6 : 3.8, RATED_MOMENT),
        properties: { reason: late ? "late_delivery" : "question" },
      });
      if (!called) return undefined;
    }
    if (r.chance(late ? 0.3 : 0.06)) {
      const reason = late ? "late_delivery" : r.pick(["wrong_size", "defective", "changed_mind"]);
      if (!this.refund(reason)) return undefined;
    }
    return !late;
  }

  private refund(reason: string): boolean {
    const r = this.r;
    const share = r.chance(0.7) ? 1 : 0.5;
    return this.emit(RETURNS, r.int(1, 10) * DAY, {
      revenue: (-this.basket * share).toFixed(2),
      properties: { reason },
    });
  }
}

/**
 * Customers and their events, one customer at a time, so that any size fits in memory. The
 * same options always yield the same data, and a smaller `customers` yields a prefix of it.
 */
export function* generateDemo(options: DemoOptions): Generator<DemoJourney> {
  if (!Number.isInteger(options.customers) || options.customers < 0) {
    throw new RangeError("customers must be a whole number ≥ 0");
  }
  const days = options.days ?? DEFAULT_DEMO_DAYS;
  if (!(days > 0)) throw new RangeError("days must be positive");
  const r = new Random(options.seed);
  const end = options.end.getTime();
  const span = days * DAY;
  let n = 0;
  const nextId = () => `demo-${options.seed}-${n++}`;
  for (let i = 0; i < options.customers; i++) {
    const archetype = pickArchetype(r);
    const externalId = `C${String(i + 1).padStart(6, "0")}`;
    const attributes = archetype.attributes(r, end);
    // More journeys start in recent weeks (the brand is growing); (1 − u) keeps start < end.
    const start = Math.ceil((end - span * (1 - r.next()) ** 1.3) / 1000) * 1000;
    const words = new Random(options.seed * 1_000_003 + i + 1);
    const journey = new Journey(
      r,
      archetype,
      externalId,
      start,
      end,
      nextId,
      words,
      options.locale ?? "en",
    );
    journey.run();
    yield { customer: { externalId, attributes }, events: journey.events };
  }
}
