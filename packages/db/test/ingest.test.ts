import { ZEventInputSchema } from "@parcours/validators";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventIngestor } from "../src/ingest";
import { channels, customers, events, stages } from "../src/schema";
import {
  at,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

const event = (id: string, extra: Record<string, unknown> = {}) =>
  ZEventInputSchema.parse({
    eventId: id,
    customerId: "cust-1",
    occurredAt: at(0),
    touchpoint: "website",
    type: "view",
    ...extra,
  });

describe.each(TEST_TARGETS)("EventIngestor on %s", (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.cleanup());

  it("stores a batch once: duplicates inside it and on a retry are counted, not stored", async () => {
    const ingestor = new EventIngestor(t.db);
    const first = await ingestor.ingest([event("i1"), event("i2"), event("i1")]);
    expect(first).toMatchObject({ accepted: 2, duplicates: 1, rejected: [], newCustomers: 1 });
    const retry = await ingestor.ingest([event("i1"), event("i2")]);
    expect(retry).toMatchObject({ accepted: 0, duplicates: 2, newCustomers: 0 });
    const stored = await t.db.select().from(events).where(eq(events.customerId, events.customerId));
    expect(stored.filter((e) => e.eventId.startsWith("i")).length).toBe(2);
  });

  it("rejects unknown keys with the key in the reason and keeps every good event", async () => {
    const result = await new EventIngestor(t.db).ingest([
      event("k1"),
      event("k2", { touchpoint: "fax" }),
      event("k3", { stage: "nirvana" }),
      event("k4", { channel: "pigeon" }),
      event("k5"),
    ]);
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      { index: 1, errors: ['touchpoint "fax" is not in the catalogue'] },
      { index: 2, errors: ['stage "nirvana" is not in the catalogue'] },
      { index: 3, errors: ['channel "pigeon" is not in the catalogue'] },
    ]);
  });

  it("takes stage and channel from the touchpoint unless the event names its own", async () => {
    await new EventIngestor(t.db).ingest([
      event("s1", { customerId: "cust-2" }),
      event("s2", { customerId: "cust-2", stage: "decision", channel: "store" }),
    ]);
    const rows = await t.db
      .select({
        id: events.eventId,
        stage: stages.key,
        channel: channels.key,
        explicit: events.stageExplicit,
      })
      .from(events)
      .innerJoin(stages, eq(stages.id, events.stageId))
      .innerJoin(channels, eq(channels.id, events.channelId))
      .where(eq(events.eventId, "s1"))
      .union(
        t.db
          .select({
            id: events.eventId,
            stage: stages.key,
            channel: channels.key,
            explicit: events.stageExplicit,
          })
          .from(events)
          .innerJoin(stages, eq(stages.id, events.stageId))
          .innerJoin(channels, eq(channels.id, events.channelId))
          .where(eq(events.eventId, "s2")),
      );
    expect(rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "s1", stage: "consideration", channel: "web", explicit: false },
      { id: "s2", stage: "decision", channel: "store", explicit: true },
    ]);
  });

  it("creates customers on first sight, once", async () => {
    const rows = await t.db
      .select({ id: customers.externalId })
      .from(customers)
      .orderBy(asc(customers.externalId));
    expect(rows.map((r) => r.id)).toEqual(["cust-1", "cust-2"]);
  });
});
