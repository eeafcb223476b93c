import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { getCatalogue } from "../queries/catalogue";
import { assignPersonas } from "../queries/persona-assignment";
import { seedCatalogue } from "./catalogue";
import { type DemoEvent, generateDemo } from "./generator";
import { seedPersonas } from "./personas";

export interface SeedDemoOptions {
  customers?: number;
  seed?: number;
  /** End of the 180 days of journeys; the start of the current UTC hour by default. */
  end?: Date;
  onProgress?: (progress: { customers: number; events: number }) => void;
}

export interface SeedDemoResult {
  customers: number;
  events: number;
  personas: number;
}

export const DEFAULT_DEMO_CUSTOMERS = 20_000;
const BATCH_CUSTOMERS = 2_000;

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [row] = await queryRows<{ empty: boolean }>(
    db,
    sql`SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM customers) AS empty`,
  );
  return row?.empty ?? true;
}

/**
 * Seeds the default catalogue, the demo personas, customers with attributes (assigned to
 * personas by the personas' own rules) and their journeys. Deterministic for a seed and end.
 */
export async function seedDemo(
  db: Database,
  options: SeedDemoOptions = {},
): Promise<SeedDemoResult> {
  const end = options.end ?? startOfHour(new Date());
  await seedCatalogue(db);
  await seedPersonas(db);
  const catalogue = await getCatalogue(db);
  const stageId = new Map(catalogue.stages.map((s) => [s.key, s.id]));
  const channelId = new Map(catalogue.channels.map((c) => [c.key, c.id]));
  const touchpoints = new Map(
    catalogue.touchpoints.map((t) => [
      t.key,
      { id: t.id, stageId: stageId.get(t.stage) ?? 0, channelId: channelId.get(t.channel) ?? 0 },
    ]),
  );

  let customers = 0;
  let events = 0;
  let batch: {
    customer: { externalId: string; attributes: Record<string, unknown> };
    events: DemoEvent[];
  }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const ids = await queryRows<{ id: number; external_id: string }>(
      db,
      sql`INSERT INTO customers (external_id, attributes)
          SELECT external_id, attributes
          FROM jsonb_to_recordset(${JSON.stringify(batch.map((b) => ({ external_id: b.customer.externalId, attributes: b.customer.attributes })))}::jsonb)
            AS x(external_id text, attributes jsonb)
          ON CONFLICT (external_id) DO UPDATE SET attributes = EXCLUDED.attributes
          RETURNING id, external_id`,
    );
    const idOf = new Map(ids.map((row) => [row.external_id, row.id]));
    const rows = [];
    for (const { customer, events: list } of batch) {
      for (const e of list) {
        const tp = touchpoints.get(e.touchpoint);
        if (!tp) throw new Error(`demo touchpoint ${e.touchpoint} is missing from the catalogue`);
        rows.push({
          event_id: e.eventId,
          customer_id: idOf.get(customer.externalId),
          touchpoint_id: tp.id,
          stage_id: e.stage === undefined ? tp.stageId : (stageId.get(e.stage) ?? tp.stageId),
          stage_explicit: e.stage !== undefined,
          channel_id: tp.channelId,
          type: e.type,
          occurred_at: e.occurredAt.toISOString(),
          satisfaction: e.satisfaction ?? null,
          revenue: e.revenue ?? null,
          properties: e.properties,
        });
      }
    }
    // Chunks keep each statement's JSON well under the drivers' message limits.
    for (let i = 0; i < rows.length; i += 10_000) {
      await queryRows(
        db,
        sql`INSERT INTO events (event_id, customer_id, touchpoint_id, stage_id, stage_explicit,
              channel_id, type, occurred_at, satisfaction, revenue, properties)
            SELECT event_id, customer_id, touchpoint_id, stage_id, stage_explicit, channel_id, type,
              occurred_at, satisfaction, revenue, properties
            FROM jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 10_000))}::jsonb)
              AS x(event_id text, customer_id int, touchpoint_id int, stage_id int, stage_explicit boolean, channel_id int,
                   type text, occurred_at timestamptz, satisfaction smallint, revenue numeric,
                   properties jsonb)
            ON CONFLICT (event_id) DO NOTHING`,
      );
    }
    customers += batch.length;
    events += rows.length;
    batch = [];
    options.onProgress?.({ customers, events });
  };

  for (const item of generateDemo({
    customers: options.customers ?? DEFAULT_DEMO_CUSTOMERS,
    seed: options.seed ?? 42,
    end,
  })) {
    batch.push(item);
    if (batch.length >= BATCH_CUSTOMERS) await flush();
  }
  await flush();
  await assignPersonas(db);
  const [personas] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM personas WHERE archived_at IS NULL`,
  );
  return { customers, events, personas: personas?.n ?? 0 };
}

function startOfHour(date: Date): Date {
  const d = new Date(date);
  d.setUTCMinutes(0, 0, 0);
  return d;
}
