import { type Archetype, pickArchetype } from "./archetypes";
import { DEMO_TOUCHPOINTS, type DemoStageKey, type DemoTouchpoint } from "./catalogue";
import { Random } from "./random";

export interface DemoOptions {
  customers: number;
  seed: number;
  /** The journeys happen in [end − days, end). */
  end: Date;
  days?: number;
}

export interface DemoCustomer {
  externalId: string;
  attributes: Record<string, unknown>;
}

export interface DemoEvent {
  eventId: string;
  customerId: string;
  occurredAt: Date;
  touchpoint: string;
  type: string;
  /** Set when the event happened in another stage than its touchpoint's. */
  stage?: DemoStageKey;
  satisfaction?: number;
  revenue?: string;
  properties: Record<string, unknown>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const byStage = new Map<DemoStageKey, DemoTouchpoint[]>();
for (const tp of DEMO_TOUCHPOINTS) byStage.set(tp.stage, [...(byStage.get(tp.stage) ?? []), tp]);

/**
 * One customer's journey: discovery → consideration → decision → purchase → after-sales →
 * loyalty, with archetype-dependent odds, channels and delays, and the frictions the demo
 * tells: the app checkout is rated low and abandoned more, about one delivery in five is
 * late (rated 1–2, followed by calls and returns) and those customers rarely become loyal.
 */
class Journey {
  readonly events: DemoEvent[] = [];
  private t: number;

  constructor(
    private readonly r: Random,
    private readonly a: Archetype,
    private readonly customer: string,
    start: number,
    private readonly end: number,
    private readonly nextId: () => string,
  ) {
    this.t = start;
  }

  private touchpoint(stage: DemoStageKey): DemoTouchpoint {
    const options = byStage.get(stage) ?? [];
    const weights: Record<string, number> = {};
    for (const tp of options) weights[tp.key] = (this.a.channels[tp.channel] ?? 0.2) + 0.1;
    const key = this.r.weighted(weights);
    return options.find((tp) => tp.key === key) ?? (options[0] as DemoTouchpoint);
  }

  private rating(mean: number, p = 0.35): number | undefined {
    if (!this.r.chance(p)) return undefined;
    return Math.min(5, Math.max(1, Math.round(this.r.normal(mean, 0.8))));
  }

  /** Adds an event `delay` ms after the previous one; false once past the end. */
  private emit(
    tp: DemoTouchpoint,
    delay: number,
    extra: Partial<
      Pick<DemoEvent, "type" | "stage" | "satisfaction" | "revenue" | "properties">
    > = {},
  ): boolean {
    this.t += Math.max(1000, Math.round(delay / 1000) * 1000);
    if (this.t >= this.end) return false;
    const satisfaction =
      "satisfaction" in extra ? extra.satisfaction : this.rating(tp.satisfaction);
    this.events.push({
      eventId: this.nextId(),
      customerId: this.customer,
      occurredAt: new Date(this.t),
      touchpoint: tp.key,
      type: extra.type ?? (tp.types[0] as string),
      ...(extra.stage === undefined ? {} : { stage: extra.stage }),
      ...(satisfaction === undefined ? {} : { satisfaction }),
      ...(extra.revenue === undefined ? {} : { revenue: extra.revenue }),
      properties: extra.properties ?? {},
    });
    return true;
  }

  private browse(stage: DemoStageKey, count: number, gap: number): boolean {
    for (let i = 0; i < count; i++) {
      const tp = this.touchpoint(stage);
      const type = this.r.chance(0.8) ? tp.types[0] : this.r.pick(tp.types);
      if (
        !this.emit(tp, i === 0 ? this.r.exponential(gap) : this.r.exponential(30 * MINUTE), {
          type,
        })
      ) {
        return false;
      }
    }
    return true;
  }

  run(): void {
    const r = this.r;
    const a = this.a;
    if (!this.browse("discovery", r.int(1, 4), 0)) return;
    let visit = 0;
    while (visit++ < 5) {
      if (!r.chance(visit === 1 ? a.consider : 0.9)) return;
      if (!this.browse("consideration", r.int(2, 7), visit === 1 ? 2 * DAY : 20 * DAY)) return;
      if (!r.chance(a.decide)) return;
      if (!this.browse("decision", r.int(1, 3), 1 * DAY)) return;
      const bought = this.checkout();
      if (bought === undefined) return;
      if (!bought) continue;
      const happy = this.afterSales(bought);
      if (happy === undefined) return;
      if (!this.loyalty(happy)) return;
      if (!r.chance(happy ? a.repeat : a.repeat / 3)) return;
    }
  }

  /** Returns the checkout used when the customer bought, false when abandoned, undefined at the end. */
  private checkout(): DemoTouchpoint | false | undefined {
    const r = this.r;
    const tp = this.touchpoint("purchase");
    const abandon = tp.key === "app_checkout" ? 0.38 : tp.key === "web_checkout" ? 0.15 : 0.04;
    if (!r.chance(this.a.buy) || r.chance(abandon)) {
      // Abandoned at checkout: still deciding, so the event belongs to the decision stage (the
      // purchase stage counts conversions); the low rating, when given, tells why.
      const ok = this.emit(tp, r.exponential(2 * HOUR), {
        type: "checkout",
        stage: "decision",
        satisfaction: this.rating(Math.min(tp.satisfaction, 2.2), 0.5),
        properties: { abandoned: true },
      });
      return ok ? false : undefined;
    }
    const basket = Math.max(5, r.normal(this.a.basket, this.a.basket / 3));
    const ok = this.emit(tp, r.exponential(3 * HOUR), {
      type: "purchase",
      satisfaction: this.rating(tp.satisfaction, 0.5),
      revenue: basket.toFixed(2),
      properties: { items: r.int(1, 5) },
    });
    return ok ? tp : undefined;
  }

  /** Delivery (unless bought in store), support and returns; true when it went well. */
  private afterSales(checkout: DemoTouchpoint): boolean | undefined {
    const r = this.r;
    const tps = byStage.get("after_sales") ?? [];
    const find = (key: string) => tps.find((tp) => tp.key === key) as DemoTouchpoint;
    if (r.chance(0.85)) {
      if (!this.emit(find("confirmation_email"), r.exponential(10 * MINUTE))) return undefined;
    }
    if (checkout.key === "store_till") return r.chance(0.9);
    const late = r.chance(0.2);
    const delivered = this.emit(find("delivery"), late ? r.int(6, 12) * DAY : r.int(1, 4) * DAY, {
      satisfaction: this.rating(late ? 1.4 : 4.5, 0.55),
      properties: { late },
    });
    if (!delivered) return undefined;
    if (late && r.chance(0.6)) {
      if (
        !this.emit(find("customer_service"), r.exponential(HOUR * 6), {
          satisfaction: this.rating(2.4, 0.5),
        })
      ) {
        return undefined;
      }
    }
    if (r.chance(late ? 0.3 : 0.06)) {
      const refund = -Math.max(5, r.normal(this.a.basket * 0.8, this.a.basket / 4));
      if (!this.emit(find("returns"), r.int(2, 10) * DAY, { revenue: refund.toFixed(2) }))
        return undefined;
    }
    return !late;
  }

  private loyalty(happy: boolean): boolean {
    if (!this.r.chance(happy ? 0.6 : 0.12)) return true;
    return this.browse("loyalty", this.r.int(1, 4), 7 * DAY);
  }
}

/** Customers and their events, one customer at a time, so any size fits in memory. */
export function* generateDemo(
  options: DemoOptions,
): Generator<{ customer: DemoCustomer; events: DemoEvent[] }> {
  const r = new Random(options.seed);
  const end = options.end.getTime();
  const span = (options.days ?? 180) * DAY;
  let n = 0;
  const nextId = () => `demo-${options.seed}-${(n++).toString(36)}`;
  for (let i = 0; i < options.customers; i++) {
    const archetype = pickArchetype(r);
    const externalId = `C${String(i + 1).padStart(7, "0")}`;
    const attributes = archetype.attributes(r);
    // Journeys start more often in recent weeks: the brand is growing.
    const start = Math.round((end - span * r.next() ** 1.3) / 1000) * 1000;
    const journey = new Journey(r, archetype, externalId, start, end, nextId);
    journey.run();
    yield { customer: { externalId, attributes }, events: journey.events };
  }
}
