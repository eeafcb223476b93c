import { queryRows } from "@parcours/db";
import { seedCatalogue } from "@parcours/db/demo";
import {
  createApiKey,
  listUnmappedSegmentEvents,
  revokeApiKey,
  setSegmentMapping,
} from "@parcours/db/queries";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "@parcours/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleSegment, type IngestDeps, RateLimiter, type SegmentKind } from "../src/http";

const actor = { id: null, email: "test" };

/** What analytics.js (browser) sends to /v1/batch: page, track and identify, writeKey in the body. */
const browserBatch = (writeKey: string) => ({
  batch: [
    {
      type: "page",
      name: "Home",
      properties: { path: "/", url: "https://shop.example/", title: "Home", referrer: "" },
      context: {
        page: { path: "/", url: "https://shop.example/", title: "Home", referrer: "" },
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0",
        library: { name: "analytics.js", version: "next-1.70.0" },
        locale: "fr-FR",
      },
      messageId: "ajs-next-1781000000000-5b1f6c",
      anonymousId: "6f2a0c1e-2b1d-4c1e-9a55-0c7f3c1d2e10",
      userId: null,
      timestamp: "2026-06-10T10:00:00.000Z",
      sentAt: "2026-06-10T10:00:00.120Z",
      integrations: {},
    },
    {
      type: "track",
      event: "Product Viewed",
      properties: {
        product_id: "507f1f77bcf86cd799439011",
        sku: "G-32",
        name: "Monopoly",
        price: 18.99,
      },
      context: { library: { name: "analytics.js", version: "next-1.70.0" } },
      messageId: "ajs-next-1781000001000-8c2d1e",
      anonymousId: "6f2a0c1e-2b1d-4c1e-9a55-0c7f3c1d2e10",
      userId: null,
      timestamp: "2026-06-10T10:00:05.000Z",
      integrations: {},
    },
    {
      type: "identify",
      traits: { email: "ana@example.com", age: 34, loyalty_member: true },
      context: { library: { name: "analytics.js", version: "next-1.70.0" } },
      messageId: "ajs-next-1781000002000-9d3e2f",
      anonymousId: "6f2a0c1e-2b1d-4c1e-9a55-0c7f3c1d2e10",
      userId: "user-42",
      timestamp: "2026-06-10T10:00:09.000Z",
      integrations: {},
    },
    {
      type: "track",
      event: "Gift Wrapping Chosen",
      properties: { paper: "gold" },
      messageId: "ajs-next-1781000003000-a1b2c3",
      userId: "user-42",
      timestamp: "2026-06-10T10:01:00.000Z",
    },
  ],
  writeKey,
  sentAt: "2026-06-10T10:01:00.500Z",
});

/** What @segment/analytics-node sends: Basic auth with the write key, Order Completed. */
const nodeOrder = {
  batch: [
    {
      type: "track",
      event: "Order Completed",
      userId: "user-42",
      properties: {
        order_id: "50314b8e9bcf000000000000",
        total: 27.5,
        revenue: 25.0,
        currency: "EUR",
        products: [{ product_id: "507f1f77bcf86cd799439011", sku: "G-32", price: 19, quantity: 1 }],
      },
      messageId: "node-next-1781000004000-d4e5f6",
      timestamp: "2026-06-10T11:00:00.000Z",
      context: { library: { name: "@segment/analytics-node", version: "2.1.2" } },
      _metadata: { jsRuntime: "node" },
    },
  ],
  sentAt: "2026-06-10T11:00:00.300Z",
};

describe.each(TEST_TARGETS)("Segment-compatible endpoint on %s", (target) => {
  let t: TestDatabase;
  let deps: IngestDeps;
  let key: string;

  const send = async (kind: SegmentKind, body: unknown, headers: Record<string, string> = {}) => {
    const response = await handleSegment(
      kind,
      new Request(`http://localhost/api/segment/v1/${kind}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      deps,
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const basic = () => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` });

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedCatalogue(t.db);
    deps = { db: t.db, limiter: new RateLimiter(1000, 1000) };
    key = (await createApiKey(t.db, actor, "segment")).key;
  });
  afterAll(() => t.cleanup());

  it("takes analytics.js's batch: page and track become events, identify traits become attributes, an unmapped name is kept", async () => {
    expect(await send("batch", browserBatch(key))).toEqual({
      status: 200,
      body: { success: true, accepted: 3, duplicates: 0, unmapped: 1, ignored: 0, rejected: [] },
    });
    const events = await queryRows<{
      event_id: string;
      touchpoint: string;
      type: string;
      customer: string;
    }>(
      t.db,
      sql`SELECT e.event_id, tp.key AS touchpoint, e.type, c.external_id AS customer
          FROM events e JOIN touchpoints tp ON tp.id = e.touchpoint_id JOIN customers c ON c.id = e.customer_id
          ORDER BY e.occurred_at`,
    );
    expect(events).toEqual([
      {
        event_id: "ajs-next-1781000000000-5b1f6c",
        touchpoint: "website",
        type: "view",
        customer: "6f2a0c1e-2b1d-4c1e-9a55-0c7f3c1d2e10",
      },
      {
        event_id: "ajs-next-1781000001000-8c2d1e",
        touchpoint: "product_page",
        type: "view",
        customer: "6f2a0c1e-2b1d-4c1e-9a55-0c7f3c1d2e10",
      },
    ]);
    const [customer] = await queryRows<{ attributes: Record<string, unknown> }>(
      t.db,
      sql`SELECT attributes FROM customers WHERE external_id = 'user-42'`,
    );
    expect(customer?.attributes).toEqual({
      email: "ana@example.com",
      age: 34,
      loyalty_member: true,
    });
    expect((await listUnmappedSegmentEvents(t.db)).map((u) => [u.eventName, u.count])).toEqual([
      ["Gift Wrapping Chosen", 1],
    ]);
  });

  it("a retry of the same batch stores nothing new", async () => {
    expect((await send("batch", browserBatch(key))).body).toMatchObject({
      accepted: 1,
      duplicates: 3,
      unmapped: 0,
    });
    const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM events`);
    expect(row?.n).toBe(2);
  });

  it("takes analytics-node's Order Completed with Basic auth, with its revenue", async () => {
    expect((await send("batch", nodeOrder, basic())).body).toMatchObject({
      accepted: 1,
      rejected: [],
    });
    const [order] = await queryRows<{ revenue: string; type: string }>(
      t.db,
      sql`SELECT revenue::text, type FROM events WHERE event_id = 'node-next-1781000004000-d4e5f6'`,
    );
    expect(order).toEqual({ revenue: "25.00", type: "purchase" });
  });

  it("a single track call on /track works too", async () => {
    const single = {
      ...nodeOrder.batch[0],
      messageId: "single-1",
      event: "Order Refunded",
      properties: { total: 10 },
    };
    expect((await send("track", single, basic())).body).toMatchObject({ accepted: 1 });
    const [refund] = await queryRows<{ revenue: string }>(
      t.db,
      sql`SELECT revenue::text FROM events WHERE event_id = 'single-1'`,
    );
    expect(refund?.revenue).toBe("-10.00");
  });

  it("mapping a kept name stores its kept messages as events, once", async () => {
    expect(
      await setSegmentMapping(t.db, actor, {
        eventName: "Gift Wrapping Chosen",
        touchpoint: "web_checkout",
        type: "option",
      }),
    ).toEqual({
      stored: 1,
      rejected: 0,
    });
    expect(await listUnmappedSegmentEvents(t.db)).toEqual([]);
    const [row] = await queryRows<{ type: string }>(
      t.db,
      sql`SELECT type FROM events WHERE event_id = 'ajs-next-1781000003000-a1b2c3'`,
    );
    expect(row?.type).toBe("option");
  });

  it("reports bad messages by index and never answers 500 to them", async () => {
    const result = await send(
      "batch",
      {
        batch: [
          { type: "track", event: "Product Viewed", userId: "u1" },
          { type: "track", event: "Product Viewed", messageId: "m2" },
          { type: "teleport", messageId: "m3", userId: "u1" },
          { type: "track", messageId: "m4", userId: "u1" },
          { type: "alias", messageId: "m5", userId: "u1", previousId: "anon" },
          "not an object",
          {
            type: "track",
            event: "Product Viewed",
            messageId: "m7",
            userId: "u1",
            timestamp: "last tuesday",
          },
        ],
      },
      basic(),
    );
    expect(result.status).toBe(200);
    expect(result.body.ignored).toBe(1);
    expect(result.body.rejected).toEqual([
      { index: 0, errors: ["messageId is required"] },
      { index: 1, errors: ["userId or anonymousId is required"] },
      { index: 2, errors: [expect.stringMatching(/^type must be track, identify/)] },
      { index: 3, errors: ["event is required for a track call"] },
      { index: 5, errors: ["a message must be a JSON object"] },
      { index: 6, errors: [expect.stringMatching(/^occurredAt must be an ISO 8601/)] },
    ]);
  });

  it.each([
    ["malformed JSON", "{", 400],
    ["a batch without its array", { batch: "nope" }, 400],
  ])("answers %s with %i", async (_name, body, status) => {
    expect((await send("batch", body, basic())).status).toBe(status);
  });

  it("refuses a missing or revoked write key with 401", async () => {
    expect(
      (await send("track", { type: "track", event: "x", messageId: "z", userId: "u" })).status,
    ).toBe(401);
    const { apiKey, key: other } = await createApiKey(t.db, actor, "old");
    await revokeApiKey(t.db, actor, apiKey.id);
    const revoked = { authorization: `Basic ${Buffer.from(`${other}:`).toString("base64")}` };
    expect((await send("batch", nodeOrder, revoked)).status).toBe(401);
  });
});
