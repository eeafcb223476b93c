import { deflateSync, gzipSync } from "node:zlib";
import { queryRows } from "@parcours/db";
import { createApiKey, setSegmentMapping } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  handleCustomers,
  handleEvents,
  handleSegment,
  type IngestDeps,
  RateLimiter,
} from "../src/http";

const actor = { id: null, email: "test" };
const NUL_MESSAGE = "must not contain the NUL character (\\u0000)";

function post(
  path: string,
  body: string | Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  eventId: id,
  customerId: "bad-input",
  occurredAt: "2026-01-05T10:00:00Z",
  touchpoint: "website",
  type: "view",
  ...extra,
});

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** `{"a":{"a":…}}` nested `depth` objects deep, as JSON text. */
const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{"leaf":1}${"}".repeat(depth - 1)}`;

describe.each(TEST_TARGETS)("bad input on the ingestion API, on %s", (target) => {
  let t: TestDatabase;
  let deps: IngestDeps;
  let auth: Record<string, string>;
  let basic: Record<string, string>;

  const storedIds = async (prefix: string) =>
    (
      await queryRows<{ event_id: string }>(
        t.db,
        sql`SELECT event_id FROM events WHERE event_id LIKE ${`${prefix}%`} ORDER BY event_id`,
      )
    ).map((r) => r.event_id);
  const customer = async (externalId: string) =>
    (
      await queryRows<{ attributes: Record<string, unknown> }>(
        t.db,
        sql`SELECT attributes FROM customers WHERE external_id = ${externalId}`,
      )
    )[0]?.attributes;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    deps = { db: t.db, limiter: new RateLimiter(1000, 1000) };
    const { key } = await createApiKey(t.db, actor, "tests");
    auth = { authorization: `Bearer ${key}` };
    basic = { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` };
    await setSegmentMapping(t.db, actor, {
      eventName: "Product Viewed",
      touchpoint: "website",
      type: "view",
    });
  });
  afterAll(() => t.cleanup());

  it("NUL in an event's text rejects that event, with the field named; the others are stored", async () => {
    const body = JSON.stringify({
      events: [
        event("nul-ok"),
        event("nul-1\u0000"),
        event("nul-2", { customerId: "c\u0000" }),
        event("nul-3", { properties: { note: "a\u0000b", ok: 1 } }),
        event("nul-4", { properties: { "k\u0000": 1 } }),
      ],
    });
    expect(await answer(await handleEvents(post("/api/v1/events", body, auth), deps))).toEqual({
      status: 200,
      body: {
        accepted: 1,
        duplicates: 0,
        rejected: [
          { index: 1, errors: [`eventId ${NUL_MESSAGE}`] },
          { index: 2, errors: [`customerId ${NUL_MESSAGE}`] },
          { index: 3, errors: [`properties.note ${NUL_MESSAGE}`] },
          { index: 4, errors: ["properties has a key that contains the NUL character (\\u0000)"] },
        ],
      },
    });
    expect(await storedIds("nul-")).toEqual(["nul-ok"]);
  });

  it("NUL or half a surrogate pair in a customer's id or attributes rejects that customer", async () => {
    const body = JSON.stringify({
      customers: [
        { customerId: "nul-c\u0000" },
        { customerId: "nul-c2", attributes: { city: "Ly\u0000on" } },
        { customerId: "nul-c3", attributes: { city: "Lyon" } },
        { customerId: "nul-c4", attributes: { city: "\ud800" } },
      ],
    });
    expect(
      await answer(await handleCustomers(post("/api/v1/customers", body, auth), deps)),
    ).toEqual({
      status: 200,
      body: {
        accepted: 1,
        created: 1,
        updated: 0,
        rejected: [
          { index: 0, errors: [`customerId ${NUL_MESSAGE}`] },
          { index: 1, errors: [`attributes.city ${NUL_MESSAGE}`] },
          {
            index: 3,
            errors: [
              "attributes.city must be valid Unicode text (it holds half of a surrogate pair, such as \\ud800)",
            ],
          },
        ],
      },
    });
  });

  it("1e309 in properties or attributes is refused with its place named, not stored as null", async () => {
    const events = `{"events": [${JSON.stringify(event("inf-1")).slice(0, -1)}, "properties": {"price": 1e309}}]}`;
    const result = await answer(await handleEvents(post("/api/v1/events", events, auth), deps));
    expect(result.body.rejected).toEqual([
      {
        index: 0,
        errors: [
          "properties.price is a number too large to store (at most ±1.7976931348623157e308)",
        ],
      },
    ]);
    const customers = '{"customers": [{"customerId": "inf-c", "attributes": {"score": -1e400}}]}';
    const stored = await answer(
      await handleCustomers(post("/api/v1/customers", customers, auth), deps),
    );
    expect(stored.body.rejected).toEqual([
      {
        index: 0,
        errors: [
          "attributes.score is a number too large to store (at most ±1.7976931348623157e308)",
        ],
      },
    ]);
    expect(await storedIds("inf-")).toEqual([]);
    expect(await customer("inf-c")).toBeUndefined();
  });

  it("__proto__ keys in properties, attributes and Segment traits are stored as sent", async () => {
    const events = `{"events": [${JSON.stringify(event("proto-1")).slice(0, -1)}, "properties": {"__proto__": {"admin": true}, "sku": "A1"}}]}`;
    expect(
      (await answer(await handleEvents(post("/api/v1/events", events, auth), deps))).body,
    ).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const [row] = await queryRows<{ properties: string }>(
      t.db,
      sql`SELECT properties::text AS properties FROM events WHERE event_id = 'proto-1'`,
    );
    expect(JSON.parse(row?.properties ?? "{}")).toEqual(
      JSON.parse('{"__proto__": {"admin": true}, "sku": "A1"}'),
    );
    expect(row?.properties).toContain('"__proto__": {"admin": true}');

    const customers =
      '{"customers": [{"customerId": "proto-c", "attributes": {"__proto__": "x", "age": 3}}]}';
    await handleCustomers(post("/api/v1/customers", customers, auth), deps);
    expect(Object.keys((await customer("proto-c")) ?? {}).sort()).toEqual(["__proto__", "age"]);

    const identify =
      '{"userId": "proto-s", "messageId": "proto-m1", "traits": {"__proto__": {"plan": "gold"}}}';
    expect((await handleSegment("identify", post("/s", identify, basic), deps)).status).toBe(200);
    expect(JSON.stringify(await customer("proto-s"))).toBe('{"__proto__":{"plan":"gold"}}');
    // Nothing leaked into every object's prototype.
    expect(
      ({} as Record<string, unknown>).admin ?? ({} as Record<string, unknown>).plan,
    ).toBeUndefined();
  });

  it("nesting: properties past 32 levels reject the event; a body past 64 levels is refused whole", async () => {
    const deep = `{"events": [${JSON.stringify(event("deep-1")).slice(0, -1)}, "properties": ${nested(33)}}]}`;
    const result = await answer(await handleEvents(post("/api/v1/events", deep, auth), deps));
    expect(result.body.rejected).toEqual([
      {
        index: 0,
        errors: [expect.stringMatching(/^properties\.a\.a.* nests deeper than 32 levels$/)],
      },
    ]);
    const deeper = `{"events": [${JSON.stringify(event("deep-2")).slice(0, -1)}, "properties": ${nested(100_000)}}]}`;
    expect(await answer(await handleEvents(post("/api/v1/events", deeper, auth), deps))).toEqual({
      status: 400,
      body: { error: { code: "invalid_json", message: "the body nests deeper than 64 levels" } },
    });
    const segment = `{"batch": [{"type": "track", "event": "Product Viewed", "userId": "u", "messageId": "deep-s", "properties": ${nested(40)}}]}`;
    const answered = await answer(await handleSegment("batch", post("/s", segment, basic), deps));
    expect(answered.status).toBe(200);
    expect(answered.body.rejected).toEqual([
      {
        index: 0,
        errors: [expect.stringMatching(/^properties\.a\.a.* nests deeper than 34 levels$/)],
      },
    ]);
    expect(await storedIds("deep-")).toEqual([]);
  });

  it("a body that is not UTF-8 is refused whole (400), never read with U+FFFD in it", async () => {
    // "caf\xE9" (Latin-1) and "caf\xE8" would both have become "caf\uFFFD".
    const body = Buffer.concat([
      Buffer.from(
        `{"events": [${JSON.stringify(event("utf8-1")).slice(0, -1)}, "customerId": "caf`,
      ),
      Buffer.from([0xe9]),
      Buffer.from('"}]}'),
    ]);
    const expected = {
      status: 400,
      body: {
        error: {
          code: "invalid_encoding",
          message: "the body is not valid UTF-8; send JSON encoded as UTF-8",
        },
      },
    };
    expect(await answer(await handleEvents(post("/api/v1/events", body, auth), deps))).toEqual(
      expected,
    );
    expect(
      await answer(
        await handleSegment("track", post("/s", Buffer.from([0x7b, 0xff, 0x7d]), basic), deps),
      ),
    ).toEqual(expected);
    expect(await storedIds("utf8-")).toEqual([]);
  });

  it("Segment: NUL anywhere in a message, oversized numeric ids and bad traits reject that message only", async () => {
    const batch = JSON.stringify({
      batch: [
        { type: "track", event: "Product Viewed", userId: "s-ok", messageId: "seg-ok" },
        { type: "track", event: "Product\u0000Viewed", userId: "u", messageId: "seg-1" },
        { type: "identify", userId: "u", messageId: "seg-2", traits: { city: "\u0000" } },
        { type: "page", anonymousId: "u", messageId: "seg-3", context: { ua: "x\u0000" } },
        { type: "identify", userId: "u", messageId: "seg-4", traits: { ["k".repeat(101)]: 1 } },
      ],
    }).replace('"userId":"s-ok"', '"userId":"s-ok"');
    const withBigId = batch.replace(
      "]}",
      ',{"type":"track","event":"Product Viewed","userId":12345678901234567890,"messageId":"seg-5"}]}',
    );
    const result = await answer(await handleSegment("batch", post("/s", withBigId, basic), deps));
    expect(result).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect(result.body.rejected).toEqual([
      { index: 1, errors: [`event ${NUL_MESSAGE}`] },
      { index: 2, errors: [`traits.city ${NUL_MESSAGE}`] },
      { index: 3, errors: [`context.ua ${NUL_MESSAGE}`] },
      {
        index: 4,
        errors: [`traits.${"k".repeat(101)} attribute names have at most 100 characters`],
      },
      {
        index: 5,
        errors: [
          "userId is a number JSON cannot carry exactly; send it as text",
          "userId or anonymousId is required",
        ],
      },
    ]);
    expect(await storedIds("seg-")).toEqual(["seg-ok"]);
  });

  it("Segment: identify and track name the same customer when the id has spaces around it", async () => {
    const batch = JSON.stringify({
      batch: [
        { type: "identify", userId: " trim-u1\n", messageId: "trim-1", traits: { plan: "gold" } },
        { type: "track", event: "Product Viewed", userId: "trim-u1", messageId: "trim-2" },
      ],
    });
    const result = await answer(await handleSegment("batch", post("/s", batch, basic), deps));
    expect(result.body).toMatchObject({ accepted: 2, rejected: [] });
    const customers = await queryRows<{ external_id: string; attributes: unknown; events: number }>(
      t.db,
      sql`SELECT c.external_id, c.attributes, count(e.event_id)::int AS events FROM customers c
          LEFT JOIN events e ON e.customer_id = c.id
          WHERE c.external_id LIKE '%trim-u1%' GROUP BY c.id`,
    );
    expect(customers).toEqual([
      { external_id: "trim-u1", attributes: { plan: "gold" }, events: 1 },
    ]);
  });

  describe("compressed bodies", () => {
    const batch = (prefix: string) =>
      JSON.stringify({ events: [event(`${prefix}-1`), event(`${prefix}-2`)] });

    it.each([
      ["gzip", gzipSync],
      ["x-gzip", gzipSync],
      ["deflate", deflateSync],
    ] as const)(
      "takes Content-Encoding: %s on events, customers and Segment",
      async (coding, compress) => {
        const prefix = `z-${coding}`;
        const headers = { ...auth, "content-encoding": coding };
        expect(
          (await answer(await handleEvents(post("/e", compress(batch(prefix)), headers), deps)))
            .body,
        ).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
        const customers = JSON.stringify({
          customers: [{ customerId: `${prefix}-c`, attributes: { a: 1 } }],
        });
        expect((await handleCustomers(post("/c", compress(customers), headers), deps)).status).toBe(
          200,
        );
        expect(await customer(`${prefix}-c`)).toEqual({ a: 1 });
        const track = JSON.stringify({
          event: "Product Viewed",
          userId: "z",
          messageId: `${prefix}-s`,
        });
        const segment = await answer(
          await handleSegment(
            "track",
            post("/s", compress(track), {
              ...basic,
              "content-encoding": coding,
              "content-type": "application/octet-stream",
            }),
            deps,
          ),
        );
        expect(segment.body).toMatchObject({ accepted: 1, rejected: [] });
        expect(await storedIds(prefix)).toEqual([`${prefix}-1`, `${prefix}-2`, `${prefix}-s`]);
      },
    );

    it("refuses a gzip bomb at the limit, having read only the start of it", async () => {
      // An endless stream of gzip members of 1 MB of zeros each (about 1 kB compressed).
      const member = gzipSync(Buffer.alloc(1_000_000));
      let sent = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += member.length;
          controller.enqueue(new Uint8Array(member));
        },
      });
      const started = performance.now();
      const result = await answer(
        await handleEvents(post("/e", endless, { ...auth, "content-encoding": "gzip" }), deps),
      );
      expect(result).toEqual({
        status: 413,
        body: {
          error: {
            code: "payload_too_large",
            message: "the body is over the limit of 1000000 bytes once decompressed",
          },
        },
      });
      expect(performance.now() - started).toBeLessThan(2_000);
      // 1 MB decompressed is reached within the second member; the streams' buffers read a few
      // dozen more ahead (kB, not decompressed), and nothing after the refusal.
      expect(sent).toBeLessThan(100 * member.length);
    });

    it("refuses compressed bytes past the limit, even when they decompress to little", async () => {
      const empty = gzipSync(Buffer.alloc(0));
      const many = Buffer.concat(
        Array.from({ length: Math.ceil(1_000_001 / empty.length) }, () => empty),
      );
      const result = await answer(
        await handleEvents(post("/e", many, { ...auth, "content-encoding": "gzip" }), deps),
      );
      expect(result.status).toBe(413);
    });

    it.each([
      [
        "corrupt gzip",
        400,
        "gzip",
        Buffer.from("not gzip"),
        "not valid gzip data (incorrect header",
      ],
      ["truncated gzip", 400, "gzip", gzipSync(batch("trunc")).subarray(0, 20), "unexpected end"],
      ["corrupt deflate", 400, "deflate", Buffer.from("nope"), "not valid deflate data"],
      ["an unsupported coding", 415, "br", Buffer.from("{}"), 'Content-Encoding "br" is not'],
      ["two codings", 415, "gzip, deflate", Buffer.from("{}"), "send the body as is, or with gzip"],
    ])("answers %s with %i", async (_name, status, coding, body, message) => {
      const result = await answer(
        await handleEvents(post("/e", body, { ...auth, "content-encoding": coding }), deps),
      );
      expect(result).toEqual({
        status,
        body: {
          error: {
            code: status === 400 ? "invalid_encoding" : "unsupported_encoding",
            message: expect.stringContaining(message),
          },
        },
      });
      expect(await storedIds("trunc-")).toEqual([]);
    });
  });

  describe("content types", () => {
    // What SDKs send: analytics-node JSON, sendBeacon text, RudderStack whatever axios labels a
    // Buffer with; the body is JSON whatever the label.
    it.each([
      "application/json",
      "application/json; charset=utf-8",
      "text/plain;charset=UTF-8",
      "application/octet-stream",
      "application/x-www-form-urlencoded",
      "",
    ])("Segment reads a body labelled %j as JSON", async (type) => {
      const body = JSON.stringify({
        event: "Product Viewed",
        userId: "ct",
        messageId: `ct-${type}`,
      });
      const headers = type ? { ...basic, "content-type": type } : basic;
      const request = post("/s", body, headers);
      if (!type) request.headers.delete("content-type");
      const response = await handleSegment("track", request, deps);
      expect(response.status).toBe(200);
    });

    it.each([
      ["application/json", 200],
      ["text/plain", 200],
      ["application/octet-stream", 415],
    ])("the native API takes %s: %i", async (type, status) => {
      const response = await handleEvents(
        post("/e", '{"events": []}', { ...auth, "content-type": type }),
        deps,
      );
      expect(response.status).toBe(status);
    });
  });
});
