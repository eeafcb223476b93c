import { type TEventInput, ZEventInputSchema } from "@parcours/validators";
import { asc, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventIngestor } from "../src/ingest";
import { channels, customers, events, stages, touchpoints } from "../src/schema";
import {
  at,
  date,
  HOUR,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

const event = (id: string, extra: Partial<TEventInput> = {}) =>
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

  const stored = (ids: string[]) =>
    t.db
      .select({
        id: events.eventId,
        customer: customers.externalId,
        touchpoint: touchpoints.key,
        stage: stages.key,
        channel: channels.key,
        explicit: events.stageExplicit,
        type: events.type,
      })
      .from(events)
      .innerJoin(customers, eq(customers.id, events.customerId))
      .innerJoin(touchpoints, eq(touchpoints.id, events.touchpointId))
      .innerJoin(stages, eq(stages.id, events.stageId))
      .innerJoin(channels, eq(channels.id, events.channelId))
      .where(inArray(events.eventId, ids))
      .orderBy(asc(events.eventId));
  const customerIds = async () =>
    (
      await t.db
        .select({ id: customers.externalId })
        .from(customers)
        .orderBy(asc(customers.externalId))
    ).map((r) => r.id);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.cleanup());

  describe("idempotency on event_id", () => {
    it("a duplicate inside a batch: [i1, i2, i1] → 2 accepted, 1 duplicate, i1 stored once", async () => {
      const result = await new EventIngestor(t.db).ingest([event("i1"), event("i2"), event("i1")]);
      expect(result).toEqual({ accepted: 2, duplicates: 1, rejected: [], newCustomers: 1 });
      const [row] = await t.db.select({ n: count() }).from(events).where(eq(events.eventId, "i1"));
      expect(row?.n).toBe(1);
    });

    it("duplicates across batches: [i1, i2, i3] again → 1 accepted (i3), 2 duplicates", async () => {
      const result = await new EventIngestor(t.db).ingest([event("i1"), event("i2"), event("i3")]);
      expect(result).toEqual({ accepted: 1, duplicates: 2, rejected: [], newCustomers: 0 });
      expect((await stored(["i1", "i2", "i3"])).map((r) => r.id)).toEqual(["i1", "i2", "i3"]);
    });

    it("the first copy wins: i1 re-sent from the store is a duplicate and stays a website view", async () => {
      const result = await new EventIngestor(t.db).ingest([
        event("i1", { touchpoint: "store", type: "purchase" }),
      ]);
      expect(result).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(await stored(["i1"])).toMatchObject([{ touchpoint: "website", type: "view" }]);
    });

    it("the same ingestor takes several batches: [j1] then [j1, j2] → 1 + 1 accepted, 1 duplicate", async () => {
      const ingestor = new EventIngestor(t.db);
      expect(await ingestor.ingest([event("j1")])).toMatchObject({ accepted: 1, duplicates: 0 });
      expect(await ingestor.ingest([event("j1"), event("j2")])).toMatchObject({
        accepted: 1,
        duplicates: 1,
      });
    });
  });

  describe("catalogue keys", () => {
    it("unknown touchpoint, stage and channel are rejected with the key in the reason; the 2 good events are kept", async () => {
      const result = await new EventIngestor(t.db).ingest([
        event("k1"),
        event("k2", { touchpoint: "fax" }),
        event("k3", { stage: "nirvana" }),
        event("k4", { channel: "pigeon" }),
        event("k5", { stage: "limbo", channel: "smoke" }),
        event("k6"),
      ]);
      expect(result.accepted).toBe(2);
      expect(result.duplicates).toBe(0);
      expect(result.rejected).toMatchObject([
        { index: 1, errors: ['touchpoint "fax" is not in the catalogue'] },
        { index: 2, errors: ['stage "nirvana" is not in the catalogue'] },
        { index: 3, errors: ['channel "pigeon" is not in the catalogue'] },
        {
          index: 4,
          errors: [
            'stage "limbo" is not in the catalogue',
            'channel "smoke" is not in the catalogue',
          ],
        },
      ]);
      // The same reasons by code, for a report in the reader's language.
      expect(result.rejected[3]?.coded).toEqual([
        { code: "notInCatalogue", params: { what: "stage", key: "limbo" } },
        { code: "notInCatalogue", params: { what: "channel", key: "smoke" } },
      ]);
      expect((await stored(["k1", "k2", "k3", "k4", "k5", "k6"])).map((r) => r.id)).toEqual([
        "k1",
        "k6",
      ]);
    });

    it("rejections report the caller's row numbers when given: indexes [10, 11] → 11", async () => {
      const result = await new EventIngestor(t.db).ingest(
        [event("m1"), event("m2", { touchpoint: "fax" })],
        [10, 11],
      );
      expect(result.rejected.map((r) => r.index)).toEqual([11]);
    });

    it("stage and channel come from the touchpoint unless the event names its own", async () => {
      await new EventIngestor(t.db).ingest([
        event("s1", { customerId: "cust-2" }),
        event("s2", { customerId: "cust-2", stage: "decision", channel: "store" }),
        event("s3", { customerId: "cust-2", channel: "app" }),
        event("s4", { customerId: "cust-2", touchpoint: "till", stage: "after_sales" }),
      ]);
      expect(await stored(["s1", "s2", "s3", "s4"])).toEqual([
        {
          id: "s1",
          customer: "cust-2",
          touchpoint: "website",
          stage: "consideration",
          channel: "web",
          explicit: false,
          type: "view",
        },
        {
          id: "s2",
          customer: "cust-2",
          touchpoint: "website",
          stage: "decision",
          channel: "store",
          explicit: true,
          type: "view",
        },
        {
          id: "s3",
          customer: "cust-2",
          touchpoint: "website",
          stage: "consideration",
          channel: "app",
          explicit: false,
          type: "view",
        },
        {
          id: "s4",
          customer: "cust-2",
          touchpoint: "till",
          stage: "after_sales",
          channel: "store",
          explicit: true,
          type: "view",
        },
      ]);
    });

    it("time, satisfaction and revenue are stored as sent", async () => {
      await new EventIngestor(t.db).ingest([
        event("v1", { occurredAt: at(HOUR), satisfaction: 4, revenue: "-12.50" }),
      ]);
      const [row] = await t.db.select().from(events).where(eq(events.eventId, "v1"));
      expect(row?.occurredAt).toEqual(date(HOUR));
      expect(row?.satisfaction).toBe(4);
      expect(Number(row?.revenue)).toBe(-12.5);
    });
  });

  describe("customers", () => {
    it("are created on first sight, once: cust-1 and cust-2 so far", async () => {
      expect(await customerIds()).toEqual(["cust-1", "cust-2"]);
    });

    it("a batch with cust-1 (known), cust-3 twice and cust-4 creates 2", async () => {
      const result = await new EventIngestor(t.db).ingest([
        event("c1"),
        event("c2", { customerId: "cust-3" }),
        event("c3", { customerId: "cust-3" }),
        event("c4", { customerId: "cust-4" }),
      ]);
      expect(result).toMatchObject({ accepted: 4, newCustomers: 2 });
      expect(await customerIds()).toEqual(["cust-1", "cust-2", "cust-3", "cust-4"]);
    });

    it("a rejected event creates no customer", async () => {
      const result = await new EventIngestor(t.db).ingest([
        event("g1", { customerId: "ghost", touchpoint: "fax" }),
      ]);
      expect(result).toMatchObject({ accepted: 0, newCustomers: 0 });
      expect(await customerIds()).not.toContain("ghost");
    });
  });
});
