import { queryRows } from "@parcours/db";
import { seedCatalogue } from "@parcours/db/demo";
import { createApiKey, setSegmentMapping } from "@parcours/db/queries";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "@parcours/db/testing";
import {
  connectionRefusedError,
  failInsertsFrom,
  unreachableDatabase,
  withFaults,
} from "@parcours/db/testing/faults";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  handleCustomers,
  handleEvents,
  handleImportStatus,
  handleSegment,
  handleUpload,
  type ImportJob,
  type IngestDeps,
  RateLimiter,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
} from "../src/http";

const actor = { id: null, email: "admin@example.com" };

function post(path: string, body: object, headers: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const event = (id: string, type = "view") => ({
  eventId: id,
  customerId: `c-${id}`,
  occurredAt: "2026-01-05T10:00:00Z",
  touchpoint: "website",
  type,
});

/** The 503 every ingestion endpoint gives during an outage: Retry-After, and no counts. */
async function expectUnavailable(response: Response) {
  const body = (await response.json()) as Record<string, unknown>;
  expect({ status: response.status, retryAfter: response.headers.get("retry-after") }).toEqual({
    status: 503,
    retryAfter: String(UNAVAILABLE_RETRY_AFTER_SECONDS),
  });
  expect(body).toEqual({
    error: {
      code: "unavailable",
      message: expect.stringMatching(/^the database is unavailable.*send it again/),
      requestId: expect.any(String),
    },
  });
}

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(TEST_TARGETS)("ingestion endpoints when the database fails, on %s", (target) => {
  let t: TestDatabase;
  let key: string;
  let refused: unknown;
  let bearer: Record<string, string>;

  const deps = (db = t.db): IngestDeps => ({ db, limiter: new RateLimiter(1000, 1000) });
  /** The test database, with the `nth` and later inserts into `table` failing as refused. */
  const outageAt = (table: string, nth = 1) =>
    deps(
      withFaults(
        t.db,
        failInsertsFrom(table, nth, () => refused),
      ),
    );
  const count = async (query: ReturnType<typeof sql>) =>
    (await queryRows<{ n: number }>(t.db, query))[0]?.n;
  const stored = async (prefix: string) =>
    (
      await queryRows<{ event_id: string; n: number }>(
        t.db,
        sql`SELECT event_id, count(*)::int AS n FROM events WHERE event_id LIKE ${`${prefix}%`}
            GROUP BY event_id ORDER BY event_id`,
      )
    ).map((r) => (r.n === 1 ? r.event_id : `${r.event_id} ×${r.n}`));
  const attributes = async (externalId: string) =>
    (
      await queryRows<{ attributes: Record<string, unknown> }>(
        t.db,
        sql`SELECT attributes FROM customers WHERE external_id = ${externalId}`,
      )
    )[0]?.attributes;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedCatalogue(t.db);
    key = (await createApiKey(t.db, actor, "tests")).key;
    bearer = { authorization: `Bearer ${key}` };
    // Rules of the database that the validators do not know, as stand-ins for the ones nobody
    // foresaw: a row breaking them is its own fault (23514), not an outage.
    await queryRows(
      t.db,
      sql`ALTER TABLE events ADD CONSTRAINT test_refused CHECK (type <> 'refused_by_db')`,
    );
    await queryRows(
      t.db,
      sql`ALTER TABLE customers ADD CONSTRAINT test_refused CHECK (NOT attributes ? 'refusedByDb')`,
    );
    await setSegmentMapping(t.db, actor, {
      eventName: "Refused Event",
      touchpoint: "website",
      type: "refused_by_db",
    });
    refused = await connectionRefusedError();
  });
  afterAll(() => t.cleanup());

  describe("a database that cannot be reached at all", () => {
    const segment = (kind: "batch" | "track" | "identify") => {
      const message = { messageId: `m-${kind}`, userId: "u1", event: "Product Viewed" };
      return post(
        `/api/segment/v1/${kind}`,
        kind === "batch" ? { batch: [{ ...message, type: "track" }] } : message,
        bearer,
      );
    };
    it.each([
      [
        "POST /api/v1/events",
        (d: IngestDeps) =>
          handleEvents(post("/api/v1/events", { events: [event("x")] }, bearer), d),
      ],
      [
        "POST /api/v1/customers",
        (d: IngestDeps) =>
          handleCustomers(
            post("/api/v1/customers", { customers: [{ customerId: "c" }] }, bearer),
            d,
          ),
      ],
      [
        "POST /api/segment/v1/batch",
        (d: IngestDeps) => handleSegment("batch", segment("batch"), d),
      ],
      [
        "POST /api/segment/v1/track",
        (d: IngestDeps) => handleSegment("track", segment("track"), d),
      ],
      [
        "POST /api/segment/v1/identify",
        (d: IngestDeps) => handleSegment("identify", segment("identify"), d),
      ],
    ])("%s answers 503 with Retry-After", async (_name, call) => {
      const down = unreachableDatabase();
      try {
        await expectUnavailable(await call(deps(down.db)));
      } finally {
        await down.close();
      }
    });

    it("nor can it be opened (the route's database promise fails): 503 too", async () => {
      const opening = Promise.reject(refused);
      await expectUnavailable(
        await handleEvents(post("/api/v1/events", { events: [event("y")] }, bearer), opening),
      );
    });
  });

  describe("POST /api/v1/events", () => {
    it("an outage at the insert is a 503, not 2 rejected events; nothing is stored", async () => {
      const request = post("/api/v1/events", { events: [event("ev-1"), event("ev-2")] }, bearer);
      await expectUnavailable(await handleEvents(request, outageAt("events")));
      expect(await stored("ev-")).toEqual([]);
    });

    it("an outage during the row-by-row retry is a 503; resent, each event is stored once and only the refused one is rejected", async () => {
      const batch = {
        events: [event("rr-1"), event("rr-2", "refused_by_db"), event("rr-3"), event("rr-4")],
      };
      // Inserts: 1 the batch (23514), 2 rr-1, 3 rr-2 (23514), 4 rr-3 ← the outage.
      await expectUnavailable(
        await handleEvents(post("/api/v1/events", batch, bearer), outageAt("events", 4)),
      );
      expect(await stored("rr-")).toEqual(["rr-1"]);

      expect(
        await answer(await handleEvents(post("/api/v1/events", batch, bearer), deps())),
      ).toEqual({
        status: 200,
        body: {
          accepted: 2,
          duplicates: 1,
          rejected: [
            {
              index: 1,
              errors: [
                'rejected by the database: new row for relation "events" violates check constraint "test_refused"',
              ],
            },
          ],
        },
      });
      expect(await stored("rr-")).toEqual(["rr-1", "rr-3", "rr-4"]);
    });
  });

  describe("POST /api/v1/customers", () => {
    it("an outage is a 503 and no attributes change", async () => {
      const body = { customers: [{ customerId: "cu-1", attributes: { age: 30 } }] };
      expect((await handleCustomers(post("/api/v1/customers", body, bearer), deps())).status).toBe(
        200,
      );
      const changed = { customers: [{ customerId: "cu-1", attributes: { age: 31 } }] };
      await expectUnavailable(
        await handleCustomers(post("/api/v1/customers", changed, bearer), outageAt("customers")),
      );
      expect(await attributes("cu-1")).toEqual({ age: 30 });
    });

    it("a value the database refuses is a 400 naming the rule, not a 500", async () => {
      const body = { customers: [{ customerId: "cu-2", attributes: { refusedByDb: true } }] };
      expect(
        await answer(await handleCustomers(post("/api/v1/customers", body, bearer), deps())),
      ).toEqual({
        status: 400,
        body: {
          error: {
            code: "invalid_data",
            message:
              'the database refuses a value in this request: new row for relation "customers" violates check constraint "test_refused"',
          },
        },
      });
      expect(await attributes("cu-2")).toBeUndefined();
    });
  });

  describe("Segment batches: all or nothing", () => {
    const batch = (suffix: string, extra: object[] = []) => ({
      batch: [
        {
          type: "identify",
          messageId: `sg-id-${suffix}`,
          userId: `sg-user-${suffix}`,
          traits: { plan: "gold" },
        },
        {
          type: "track",
          event: "Product Viewed",
          messageId: `sg-tr-${suffix}`,
          userId: `sg-user-${suffix}`,
          timestamp: "2026-01-05T10:00:00Z",
        },
        {
          type: "track",
          event: "Not Mapped Yet",
          messageId: `sg-un-${suffix}`,
          userId: `sg-user-${suffix}`,
        },
        ...extra,
      ],
    });

    it("an outage at the track insert is a 503 and stores nothing, the identify traits included", async () => {
      await expectUnavailable(
        await handleSegment(
          "batch",
          post("/api/segment/v1/batch", batch("a"), bearer),
          outageAt("events"),
        ),
      );
      expect(await attributes("sg-user-a")).toBeUndefined();
      expect(await stored("sg-")).toEqual([]);
      expect(
        await count(
          sql`SELECT count(*)::int AS n FROM segment_unmapped WHERE message_id = 'sg-un-a'`,
        ),
      ).toBe(0);
    });

    it("the same batch once the database is back: 200, traits, event and kept message all stored", async () => {
      const result = await answer(
        await handleSegment("batch", post("/api/segment/v1/batch", batch("a"), bearer), deps()),
      );
      expect(result).toEqual({
        status: 200,
        body: { success: true, accepted: 2, duplicates: 0, unmapped: 1, ignored: 0, rejected: [] },
      });
      expect(await attributes("sg-user-a")).toEqual({ plan: "gold" });
      expect(await stored("sg-")).toEqual(["sg-tr-a"]);
    });

    it("messages the database refuses are rejected alone, by index; the rest of the batch is stored", async () => {
      const refusedOnes = [
        { type: "track", event: "Refused Event", messageId: "sg-rf-b", userId: "sg-user-b" },
        {
          type: "identify",
          messageId: "sg-id-b2",
          userId: "sg-user-b2",
          traits: { refusedByDb: true },
        },
      ];
      const result = await answer(
        await handleSegment(
          "batch",
          post("/api/segment/v1/batch", batch("b", refusedOnes), bearer),
          deps(),
        ),
      );
      expect(result).toEqual({
        status: 200,
        body: {
          success: true,
          accepted: 2,
          duplicates: 0,
          unmapped: 1,
          ignored: 0,
          rejected: [
            {
              index: 3,
              errors: [expect.stringMatching(/^rejected by the database: .*test_refused/)],
            },
            {
              index: 4,
              errors: [expect.stringMatching(/^rejected by the database: .*test_refused/)],
            },
          ],
        },
      });
      expect(await attributes("sg-user-b")).toEqual({ plan: "gold" });
      expect(await attributes("sg-user-b2")).toBeUndefined();
      expect(await stored("sg-")).toEqual(["sg-tr-a", "sg-tr-b"]);
    });
  });

  describe("file uploads", () => {
    async function uploadAndWait(csv: string, db: IngestDeps["db"]) {
      const request = new Request("http://localhost/api/v1/imports?format=csv", {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: csv,
      });
      const response = await handleUpload(request, { db, actor });
      expect(response.status).toBe(202);
      let job = (await response.json()) as ImportJob;
      for (let i = 0; i < 600 && job.state === "importing"; i++) {
        await new Promise((r) => setTimeout(r, 50));
        job = (await (await handleImportStatus(job.id)).json()) as ImportJob;
      }
      return job;
    }
    const csv = [
      "event_id,customer_id,occurred_at,touchpoint,type",
      "up-1,c1,2026-01-05T10:00:00Z,website,view",
      "up-2,c1,2026-01-05T10:01:00Z,website,refused_by_db",
      "up-3,c1,2026-01-05T10:02:00Z,website,view",
      "up-4,c1,2026-01-05T10:03:00Z,website,view",
    ].join("\n");

    it("an import that hits an outage is failed, never done, and counts only what was committed", async () => {
      // Inserts: 1 the batch (23514), 2 up-1, 3 up-2 (23514), 4 up-3 ← the outage.
      const job = await uploadAndWait(
        csv,
        withFaults(
          t.db,
          failInsertsFrom("events", 4, () => refused),
        ),
      );
      expect(job).toMatchObject({
        state: "failed",
        accepted: 1,
        error: expect.stringMatching(/^the database became unavailable after 1 events were stored/),
      });
      expect(await stored("up-")).toEqual(["up-1"]);
    });

    it("uploaded again once the database is back: done, the rest stored, the refused row reported", async () => {
      const job = await uploadAndWait(csv, t.db);
      expect(job).toMatchObject({
        state: "done",
        summary: { accepted: 2, duplicates: 1, rejected: 1, errors: [{ line: 3 }] },
      });
      expect(await stored("up-")).toEqual(["up-1", "up-3", "up-4"]);
    });
  });

  describe("a failure that is our fault", () => {
    it("is a 500 that gives a request id and no SQL; the log has the id and the error", async () => {
      const bug = await queryRows(t.db, sql`SELECT secret FROM no_such_table`).catch((e) => e);
      const log = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        const response = await handleEvents(
          post("/api/v1/events", { events: [event("bug-1")] }, bearer),
          deps(
            withFaults(
              t.db,
              failInsertsFrom("events", 1, () => bug),
            ),
          ),
        );
        const text = await response.text();
        const body = JSON.parse(text) as { error: { requestId: string } };
        expect(response.status).toBe(500);
        expect(body).toEqual({
          error: {
            code: "internal",
            message: `the server failed to handle this request (request id ${body.error.requestId})`,
            requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          },
        });
        expect(response.headers.get("x-request-id")).toBe(body.error.requestId);
        expect(text).not.toMatch(/no_such_table|secret|SELECT|INSERT|Failed query/i);
        expect(log).toHaveBeenCalledWith(
          expect.stringContaining(body.error.requestId),
          expect.anything(),
        );
      } finally {
        log.mockRestore();
      }
    });
  });
});
