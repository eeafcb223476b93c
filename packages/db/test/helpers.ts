import { ZEventInputSchema } from "@parcours/validators";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import {
  createDatabase,
  type Database,
  type DatabaseHandle,
  dropDatabase,
  migrateDatabase,
} from "../src/client";
import { EventIngestor } from "../src/ingest";
import { assignPersonas } from "../src/queries";
import { channels, customers, personas, stages, touchpoints } from "../src/schema";

export type TestTarget = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when DATABASE_URL points at a server. */
export const TEST_TARGETS: TestTarget[] = process.env.DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

export interface TestDatabase extends DatabaseHandle {
  cleanup: () => Promise<void>;
}

/**
 * A fresh, migrated database: in-memory PGlite, or a throw-away database on the PostgreSQL
 * server named by DATABASE_URL (dropped again by cleanup).
 */
export async function openTestDatabase(target: TestTarget): Promise<TestDatabase> {
  if (target === "pglite") {
    const handle = createDatabase();
    await migrateDatabase(handle);
    return { ...handle, cleanup: handle.close };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const name = `parcours_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const handle = createDatabase({ url: testUrl.toString(), maxConnections: 4 });
  await migrateDatabase(handle);
  return {
    ...handle,
    cleanup: async () => {
      await handle.close();
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

/** A frozen reference date: fixtures are written relative to it, never to "now". */
export const T0 = new Date("2021-01-04T00:00:00Z");
export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;

/** T0 plus a number of seconds, as the ISO string the interchange format carries. */
export function at(secondsAfterT0: number): string {
  return new Date(T0.getTime() + secondsAfterT0 * 1000).toISOString();
}

export function date(secondsAfterT0: number): Date {
  return new Date(T0.getTime() + secondsAfterT0 * 1000);
}

/**
 * A small catalogue with fixed keys: six stages (purchase is the conversion stage), four
 * channels, one touchpoint per stage plus extras, and two personas with rules.
 */
export async function seedTestCatalogue(db: Database): Promise<void> {
  await db.insert(channels).values([
    { key: "web", name: "Web" },
    { key: "app", name: "App" },
    { key: "store", name: "Store" },
    { key: "email", name: "Email" },
  ]);
  await db.insert(stages).values([
    { key: "discovery", name: "Discovery", position: 0 },
    { key: "consideration", name: "Consideration", position: 1 },
    { key: "decision", name: "Decision", position: 2 },
    { key: "purchase", name: "Purchase", position: 3, isConversion: true },
    { key: "after_sales", name: "After-sales", position: 4 },
    { key: "loyalty", name: "Loyalty", position: 5 },
  ]);
  const stageRows = await db.select().from(stages);
  const channelRows = await db.select().from(channels);
  const stageId = (key: string) => stageRows.find((s) => s.key === key)?.id ?? 0;
  const channelId = (key: string) => channelRows.find((c) => c.key === key)?.id ?? 0;
  const tp = (key: string, channel: string, stage: string) => ({
    key,
    name: key,
    channelId: channelId(channel),
    stageId: stageId(stage),
  });
  await db
    .insert(touchpoints)
    .values([
      tp("ads", "web", "discovery"),
      tp("website", "web", "consideration"),
      tp("app", "app", "consideration"),
      tp("store", "store", "decision"),
      tp("checkout", "web", "purchase"),
      tp("app_checkout", "app", "purchase"),
      tp("till", "store", "purchase"),
      tp("delivery", "web", "after_sales"),
      tp("newsletter", "email", "loyalty"),
    ]);
  await db.insert(personas).values([
    {
      key: "young",
      name: "Young mobile",
      colour: "#2563eb",
      priority: 1,
      rules: { match: "all", conditions: [{ attribute: "age", operator: "lt", value: 30 }] },
    },
    {
      key: "loyal",
      name: "Loyal",
      colour: "#16a34a",
      priority: 2,
      rules: { match: "any", conditions: [{ attribute: "member", operator: "eq", value: true }] },
    },
  ]);
}

export interface FixtureEvent {
  id: string;
  customer: string;
  touchpoint: string;
  /** Seconds after T0. */
  t: number;
  type?: string;
  stage?: string;
  channel?: string;
  satisfaction?: number;
  revenue?: string;
  comment?: string;
  properties?: Record<string, unknown>;
}

/** Inserts events through the real ingestion path (validation, key resolution, idempotency). */
export async function insertEvents(db: Database, events: FixtureEvent[]) {
  const parsed = events.map((e) =>
    ZEventInputSchema.parse({
      eventId: e.id,
      customerId: e.customer,
      occurredAt: at(e.t),
      touchpoint: e.touchpoint,
      type: e.type ?? "view",
      stage: e.stage,
      channel: e.channel,
      satisfaction: e.satisfaction,
      revenue: e.revenue,
      comment: e.comment,
      properties: e.properties,
    }),
  );
  const result = await new EventIngestor(db).ingest(parsed);
  if (result.rejected.length > 0) {
    throw new Error(`fixture rejected: ${JSON.stringify(result.rejected)}`);
  }
  return result;
}

/**
 * Gives fixture customers (by external id) their attributes, then assigns every customer a
 * persona by the catalogue's rules, as an import would. With seedTestCatalogue's personas,
 * `{ age: 25 }` makes a customer `young` and `{ member: true }` `loyal`.
 */
export async function assignTestPersonas(
  db: Database,
  attributesOf: Record<string, Record<string, unknown>>,
): Promise<void> {
  for (const [externalId, attributes] of Object.entries(attributesOf)) {
    await db.update(customers).set({ attributes }).where(eq(customers.externalId, externalId));
  }
  await assignPersonas(db);
}

/**
 * An import summary without the message codes that travel with each rejected row for the
 * web's translations (`issues`): the tests read the English report, as the CLI prints it.
 */
export function withoutCodes<T extends { errors: { issues?: unknown }[] }>(summary: T): T {
  return { ...summary, errors: summary.errors.map(({ issues: _issues, ...error }) => error) };
}
