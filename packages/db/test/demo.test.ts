import { type TEvent, ZEventInputSchema } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import {
  DEMO_CHANNELS,
  DEMO_PERSONAS,
  DEMO_STAGES,
  DEMO_TOUCHPOINTS,
  type DemoEvent,
  generateDemo,
  isDatabaseEmpty,
  type SeedDemoResult,
  seedDemo,
} from "../src/demo";
import {
  getEmotionCurve,
  getFunnelByPersona,
  getPersonaBreakdown,
  getTouchpointHeatmap,
  type HeatmapRow,
} from "../src/metrics";
import { getCatalogue } from "../src/queries";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "./helpers";

const DAY_MS = 86_400_000;
const END = new Date("2025-06-01T00:00:00Z");
const PERIOD = { from: new Date(END.getTime() - 180 * DAY_MS), to: END };
const SEED = 7;
const CUSTOMERS = 500;

function journeys(seed: number, customers: number) {
  return [...generateDemo({ customers, seed, end: END })];
}

// The generator's events must be what the ingestion validator produces, field for field.
const asInterchange = (event: DemoEvent): TEvent => event;

describe("demo generator", () => {
  it("same seed and end → identical customers and events; another seed → other data", () => {
    const a = JSON.stringify(journeys(SEED, 200));
    expect(JSON.stringify(journeys(SEED, 200))).toBe(a);
    expect(JSON.stringify(journeys(SEED + 1, 200))).not.toBe(a);
  });

  it("a smaller size yields a prefix of a larger one", () => {
    expect(JSON.stringify(journeys(SEED, 50))).toBe(
      JSON.stringify(journeys(SEED, 100).slice(0, 50)),
    );
  });

  it("2,000 customers → about 12.5 events each, ~35% rated, inside [end − 180 days, end), in time order", () => {
    const all = journeys(SEED, 2000);
    const events = all.flatMap((j) => j.events);
    expect(all).toHaveLength(2000);
    expect(all[122]?.customer.externalId).toBe("C000123");
    expect(events.length / 2000).toBeGreaterThan(11.5);
    expect(events.length / 2000).toBeLessThan(13.5);
    const rated = events.filter((e) => e.satisfaction !== undefined).length / events.length;
    expect(rated).toBeGreaterThan(0.3);
    expect(rated).toBeLessThan(0.4);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(events.every((e) => /^demo-7-\d+$/.test(e.eventId))).toBe(true);
    const misplaced = all.flatMap(({ events: list }) =>
      list.filter((e, i) => {
        const t = e.occurredAt.getTime();
        const previous = list[i - 1]?.occurredAt.getTime() ?? 0;
        return t < PERIOD.from.getTime() || t >= END.getTime() || t < previous;
      }),
    );
    expect(misplaced).toEqual([]);
  });

  it("every event passes the interchange validator, names a catalogue touchpoint and carries sane revenue", () => {
    const touchpoints = new Map(DEMO_TOUCHPOINTS.map((t) => [t.key, t]));
    for (const { events } of journeys(SEED, 300)) {
      for (const event of events) {
        const parsed = ZEventInputSchema.parse({
          ...asInterchange(event),
          occurredAt: event.occurredAt.toISOString(),
        });
        expect(parsed.eventId).toBe(event.eventId);
        const tp = touchpoints.get(event.touchpoint);
        expect(tp, event.touchpoint).toBeDefined();
        expect([...(tp?.types ?? []), "checkout", "purchase", "support"]).toContain(event.type);
        if (event.type === "purchase") expect(Number(event.revenue)).toBeGreaterThan(0);
        if (event.type === "return") expect(Number(event.revenue)).toBeLessThan(0);
        if (event.revenue !== undefined) expect(event.revenue).toMatch(/^-?\d+\.\d{2}$/);
      }
    }
  });

  it("the catalogue: 6 stages from seed 002 with purchase as the conversion stage, ≥ 7 channels, ≥ 15 touchpoints", () => {
    expect(DEMO_STAGES.map((s) => s.key)).toEqual([
      "discovery",
      "consideration",
      "decision",
      "purchase",
      "after_sales",
      "loyalty",
    ]);
    expect(DEMO_STAGES.every((s) => s.goal.length > 0 && s.actions.length >= 3)).toBe(true);
    expect(DEMO_CHANNELS.length).toBeGreaterThanOrEqual(7);
    expect(DEMO_TOUCHPOINTS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(DEMO_PERSONAS.map((p) => p.colour)).size).toBe(DEMO_PERSONAS.length);
  });
});

describe.each(TEST_TARGETS)("demo seed on %s", (target) => {
  let t: TestDatabase;
  let seeded: SeedDemoResult;
  let wasEmpty: boolean;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    wasEmpty = await isDatabaseEmpty(t.db);
    seeded = await seedDemo(t.db, { customers: CUSTOMERS, seed: SEED, end: END });
  });
  afterAll(() => t.cleanup());

  const cellOf = (rows: HeatmapRow[], touchpoint: string, stage: string) =>
    rows.find((r) => r.touchpoint === touchpoint)?.cells.find((c) => c.stage === stage);

  it("stores every generated customer and event, and the whole catalogue", async () => {
    expect(wasEmpty).toBe(true);
    expect(await isDatabaseEmpty(t.db)).toBe(false);
    const generated = journeys(SEED, CUSTOMERS).reduce((n, j) => n + j.events.length, 0);
    expect(seeded).toEqual({ customers: CUSTOMERS, events: generated, personas: 5 });
    const catalogue = await getCatalogue(t.db);
    expect(catalogue.stages.filter((s) => s.isConversion).map((s) => s.key)).toEqual(["purchase"]);
    expect(catalogue.stages.find((s) => s.key === "decision")?.actions).toContain("Live chat");
    expect(catalogue.touchpoints).toHaveLength(DEMO_TOUCHPOINTS.length);
    expect(catalogue.channels).toHaveLength(DEMO_CHANNELS.length);
  });

  it("every event references a catalogue touchpoint, and seeding again stores nothing new", async () => {
    const [orphans] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM events e
          WHERE NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.id = e.touchpoint_id)`,
    );
    expect(orphans?.n).toBe(0);
    const again = await seedDemo(t.db, { customers: CUSTOMERS, seed: SEED, end: END });
    expect(again).toEqual({ customers: CUSTOMERS, events: 0, personas: 5 });
    const [counts] = await queryRows<{ customers: number; events: number; touchpoints: number }>(
      t.db,
      sql`SELECT (SELECT count(*) FROM customers)::int AS customers,
            (SELECT count(*) FROM events)::int AS events,
            (SELECT count(*) FROM touchpoints)::int AS touchpoints`,
    );
    expect(counts).toEqual({
      customers: CUSTOMERS,
      events: seeded.events,
      touchpoints: DEMO_TOUCHPOINTS.length,
    });
  });

  it("heatmap: the app checkout is rated ≥ 1 point below the web checkout and 1.5 below the store till", async () => {
    const { rows } = await getTouchpointHeatmap(t.db, { filter: PERIOD });
    const app = cellOf(rows, "app_checkout", "purchase")?.satisfaction;
    const web = cellOf(rows, "web_checkout", "purchase")?.satisfaction;
    const store = cellOf(rows, "store_till", "purchase")?.satisfaction;
    for (const s of [app, web, store]) expect(s?.sufficient).toBe(true);
    expect(app?.mean).toBeLessThan(2.7);
    expect((web?.mean ?? 0) - (app?.mean ?? 5)).toBeGreaterThan(1);
    expect((store?.mean ?? 0) - (app?.mean ?? 5)).toBeGreaterThan(1.5);
  });

  it("a late delivery (rated 1–2) leaves less than half the on-time loyalty reach; callers reach it less than delivered customers", async () => {
    const rows = await queryRows<{ late: boolean; customers: number; loyal: number }>(
      t.db,
      sql`WITH first_rated AS (
            SELECT DISTINCT ON (e.customer_id) e.customer_id, e.occurred_at, e.satisfaction
            FROM events e JOIN touchpoints tp ON tp.id = e.touchpoint_id
            WHERE tp.key = 'delivery' AND e.satisfaction IS NOT NULL
            ORDER BY e.customer_id, e.occurred_at
          )
          SELECT f.satisfaction <= 2 AS late, count(*)::int AS customers,
            (count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM events l JOIN stages s ON s.id = l.stage_id
              WHERE s.key = 'loyalty' AND l.customer_id = f.customer_id
                AND l.occurred_at > f.occurred_at)))::int AS loyal
          FROM first_rated f WHERE f.satisfaction <> 3
          GROUP BY 1`,
    );
    const share = (late: boolean) => {
      const row = rows.find((r) => r.late === late);
      expect(row?.customers).toBeGreaterThan(20);
      return (row?.loyal ?? 0) / (row?.customers ?? 1);
    };
    expect(share(true)).toBeLessThan(share(false) / 2);

    const { rows: heat } = await getTouchpointHeatmap(t.db, { filter: PERIOD });
    const delivery = cellOf(heat, "delivery", "after_sales");
    const service = cellOf(heat, "customer_service", "after_sales");
    expect(delivery?.satisfaction.mean).toBeLessThan(4);
    expect(service?.nextStageShare).toBeLessThan(delivery?.nextStageShare ?? 0);
  });

  it("funnel decision → purchase: mobile-first customers convert less than loyal regulars and store traditionalists", async () => {
    const { personas } = await getFunnelByPersona(t.db, {
      filter: PERIOD,
      steps: [
        { kind: "stage", key: "decision" },
        { kind: "stage", key: "purchase" },
      ],
    });
    const rate = (key: string) =>
      personas.find((p) => p.persona === key)?.funnel.steps[1]?.conversionFromPrevious ?? 0;
    expect(rate("mobile_first")).toBeLessThan(rate("loyal_regular") - 0.05);
    expect(rate("mobile_first")).toBeLessThan(rate("store_traditionalist") - 0.05);
  });

  it("emotion curve: after-sales dips below purchase, loyalty is the high point, store traditionalists rate purchase above mobile-first", async () => {
    const curve = await getEmotionCurve(t.db, { filter: PERIOD });
    const mean = (points: typeof curve.overall.points, stage: string) =>
      points.find((p) => p.stage === stage)?.satisfaction.mean ?? 0;
    const overall = curve.overall.points;
    expect(mean(overall, "after_sales")).toBeLessThan(mean(overall, "purchase"));
    for (const p of overall) {
      if (p.stage !== "loyalty")
        expect(mean(overall, "loyalty")).toBeGreaterThan(mean(overall, p.stage));
    }
    const series = (key: string) => curve.personas.find((s) => s.series === key)?.points ?? [];
    expect(mean(series("store_traditionalist"), "purchase")).toBeGreaterThan(
      mean(series("mobile_first"), "purchase") + 0.5,
    );
  });

  it("every persona has customers, some are unassigned, and bargain hunters convert less than loyal regulars", async () => {
    const breakdown = await getPersonaBreakdown(t.db, { filter: PERIOD });
    const row = (key: string) => breakdown.personas.find((p) => p.persona === key);
    for (const persona of [...DEMO_PERSONAS.map((p) => p.key), "unassigned"]) {
      expect(row(persona)?.activeCustomers, persona).toBeGreaterThan(CUSTOMERS * 0.08);
    }
    expect(row("bargain_hunter")?.conversionRate).toBeLessThan(
      (row("loyal_regular")?.conversionRate ?? 0) - 0.15,
    );
  });
});
