import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { type CatalogueIds, catalogueIds, getCatalogue } from "../queries/catalogue";
import { changingData } from "../queries/data-version";
import { assignPersonas } from "../queries/persona-assignment";
import { seedCatalogue } from "./catalogue";
import { type DemoJourney, generateDemo } from "./generator";
import type { DemoLocale } from "./locale";
import { seedPersonas } from "./personas";
import { demoSpendRows, seedDemoSpend } from "./spend";

export interface SeedDemoOptions {
  customers?: number;
  seed?: number;
  /** End of the journeys; the start of the current UTC hour by default. */
  end?: Date;
  /** How many days before `end` journeys may start (180 by default). */
  days?: number;
  /** The language of the catalogue's names and the personas' profiles (English by default). */
  locale?: DemoLocale;
  /** Called after each batch is stored. */
  onProgress?: (progress: { customers: number; events: number }) => void;
}

export interface SeedDemoResult {
  customers: number;
  /** Events stored (an event id already present is not stored twice). */
  events: number;
  /** Active personas after seeding. */
  personas: number;
}

export const DEFAULT_DEMO_CUSTOMERS = 20_000;
export const DEFAULT_DEMO_SEED = 42;
/** Customers per round trip: large enough to amortise it, small enough to stay memory-light. */
const BATCH_CUSTOMERS = 2_000;
/** Keeps each statement's JSON parameter a few MB, well under the drivers' message limits. */
const EVENTS_PER_STATEMENT = 10_000;
const MAX_IN_FLIGHT = 2;

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
 * Events go in directly with resolved ids rather than through EventIngestor: the generator's
 * output is valid by construction, and skipping per-row validation and customer look-ups
 * makes seeding several times faster.
 */
export function seedDemo(db: Database, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  // Also after a failure: the batches stored before it are committed.
  return changingData(db, () => seed(db, options));
}

async function seed(db: Database, options: SeedDemoOptions): Promise<SeedDemoResult> {
  await seedCatalogue(db, options.locale);
  await seedPersonas(db, options.locale);
  const { touchpoints, stages: stageIds } = catalogueIds(await getCatalogue(db));

  let customers = 0;
  let events = 0;
  let batch: DemoJourney[] = [];
  // On a server, event statements overlap (one connection each) while the next batch is
  // generated; customers still go in one batch at a time so that their ids are reproducible.
  const inFlight: Promise<void>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const ids = await insertCustomers(db, batch);
    const rows = eventRows(batch, ids, touchpoints, stageIds);
    customers += batch.length;
    batch = [];
    for (let i = 0; i < rows.length; i += EVENTS_PER_STATEMENT) {
      while (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
      const done = insertEvents(db, rows.slice(i, i + EVENTS_PER_STATEMENT)).then((n) => {
        events += n;
      });
      // Awaited in turn below; this only keeps a failure from being reported as unhandled.
      done.catch(() => {});
      inFlight.push(done);
    }
    options.onProgress?.({ customers, events });
  };

  const end = options.end ?? startOfHour(new Date());
  for (const journey of generateDemo({
    customers: options.customers ?? DEFAULT_DEMO_CUSTOMERS,
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    end,
    ...(options.days === undefined ? {} : { days: options.days }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  })) {
    batch.push(journey);
    if (batch.length >= BATCH_CUSTOMERS) await flush();
  }
  await flush();
  for (const done of inFlight) await done;
  await assignPersonas(db);
  await seedDemoSpend(
    db,
    demoSpendRows({
      end,
      customers: options.customers ?? DEFAULT_DEMO_CUSTOMERS,
      ...(options.days === undefined ? {} : { days: options.days }),
    }),
  );
  // Fresh statistics, so that the first dashboard queries get good plans.
  await queryRows(db, sql`ANALYZE customers, events`);
  const [personas] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM personas WHERE archived_at IS NULL`,
  );
  return { customers, events, personas: personas?.n ?? 0 };
}

async function insertCustomers(db: Database, batch: DemoJourney[]): Promise<Map<string, number>> {
  const payload = batch.map(({ customer }) => ({
    external_id: customer.externalId,
    attributes: customer.attributes,
  }));
  const rows = await queryRows<{ id: number; external_id: string }>(
    db,
    sql`INSERT INTO customers (external_id, attributes)
        SELECT external_id, attributes
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
          AS x(external_id text, attributes jsonb)
        ON CONFLICT (external_id) DO UPDATE SET attributes = EXCLUDED.attributes
        RETURNING id, external_id`,
  );
  return new Map(rows.map((row) => [row.external_id, row.id]));
}

function eventRows(
  batch: DemoJourney[],
  customerIds: Map<string, number>,
  touchpoints: CatalogueIds["touchpoints"],
  stageIds: Map<string, number>,
) {
  const rows = [];
  for (const { customer, events } of batch) {
    const customerId = customerIds.get(customer.externalId);
    if (customerId === undefined) throw new Error(`customer ${customer.externalId} was not stored`);
    for (const e of events) {
      const tp = touchpoints.get(e.touchpoint);
      if (!tp) throw new Error(`demo touchpoint ${e.touchpoint} is missing from the catalogue`);
      const stageId = e.stage === undefined ? tp.stageId : stageIds.get(e.stage);
      if (stageId === undefined) throw new Error(`demo stage ${e.stage} is missing`);
      rows.push({
        event_id: e.eventId,
        customer_id: customerId,
        touchpoint_id: tp.id,
        stage_id: stageId,
        stage_explicit: e.stage !== undefined,
        channel_id: tp.channelId,
        type: e.type,
        occurred_at: e.occurredAt.toISOString(),
        satisfaction: e.satisfaction ?? null,
        revenue: e.revenue ?? null,
        comment: e.comment ?? null,
        properties: e.properties,
      });
    }
  }
  return rows;
}

async function insertEvents(db: Database, rows: unknown[]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`WITH ins AS (
          INSERT INTO events (event_id, customer_id, touchpoint_id, stage_id, stage_explicit,
            channel_id, type, occurred_at, satisfaction, revenue, comment, properties)
          SELECT event_id, customer_id, touchpoint_id, stage_id, stage_explicit, channel_id, type,
            occurred_at, satisfaction, revenue, comment, properties
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS x(event_id text, customer_id int, touchpoint_id int, stage_id int,
                 stage_explicit boolean, channel_id int, type text, occurred_at timestamptz,
                 satisfaction smallint, revenue numeric, comment text, properties jsonb)
          ON CONFLICT (event_id) DO NOTHING
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM ins`,
  );
  return row?.n ?? 0;
}

function startOfHour(date: Date): Date {
  const d = new Date(date);
  d.setUTCMinutes(0, 0, 0);
  return d;
}
