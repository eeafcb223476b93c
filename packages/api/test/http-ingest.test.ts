import { queryRows } from "@parcours/db";
import { createApiKey, revokeApiKey, setIngestionSettings } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleCustomers, handleEvents, type IngestDeps, RateLimiter } from "../src/http";

const actor = { id: null, email: "test" };

function post(path: string, body: string | object, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  eventId: id,
  customerId: "cust-1",
  occurredAt: "2026-01-05T10:00:00Z",
  touchpoint: "website",
  type: "view",
  ...extra,
});

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(TEST_TARGETS)("HTTP ingestion on %s", (target) => {
  let t: TestDatabase;
  let deps: IngestDeps;
  let auth: Record<string, string>;

  const storedIds = async (prefix: string) =>
    (
      await queryRows<{ event_id: string }>(
        t.db,
        sql`SELECT event_id FROM events WHERE event_id LIKE ${`${prefix}%`} ORDER BY event_id`,
      )
    ).map((r) => r.event_id);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    deps = { db: t.db, limiter: new RateLimiter(1000, 1000) };
    const { key } = await createApiKey(t.db, actor, "tests");
    auth = { authorization: `Bearer ${key}` };
  });
  afterAll(() => t.cleanup());

  it("stores good events and reports each bad one with its index and reason", async () => {
    const result = await answer(
      await handleEvents(
        post(
          "/api/v1/events",
          {
            events: [
              event("good-1", { satisfaction: 4, revenue: "12.50", properties: { sku: "A1" } }),
              { ...event("bad-1"), occurredAt: "yesterday" },
              event("bad-2", { satisfaction: 6 }),
              event("bad-3", { satisfaction: "4" }),
              { eventId: "bad-4" },
              event("bad-5", { occurredAt: "2999-01-01T00:00:00Z" }),
              event("bad-6", { touchpoint: "fax" }),
              event("good-2", { customerId: "Ünïcødé 顧客 '; DROP TABLE events; --" }),
              event("good-1"),
            ],
          },
          auth,
        ),
        deps,
      ),
    );
    expect(result).toEqual({
      status: 200,
      body: {
        accepted: 2,
        duplicates: 1,
        rejected: [
          {
            index: 1,
            errors: [expect.stringMatching(/^occurredAt must be an ISO 8601 date-time/)],
          },
          { index: 2, errors: ["satisfaction must be a whole number from 1 to 5"] },
          { index: 3, errors: ["satisfaction must be a whole number from 1 to 5"] },
          {
            index: 4,
            errors: [
              "customerId is required",
              "occurredAt is required",
              "touchpoint is required",
              "type is required",
            ],
          },
          { index: 5, errors: ["occurredAt is more than a day in the future"] },
          { index: 6, errors: ['touchpoint "fax" is not in the catalogue'] },
        ],
      },
    });
    expect(await storedIds("good-")).toEqual(["good-1", "good-2"]);
    const [customer] = await queryRows<{ external_id: string }>(
      t.db,
      sql`SELECT c.external_id FROM events e JOIN customers c ON c.id = e.customer_id WHERE e.event_id = 'good-2'`,
    );
    expect(customer?.external_id).toBe("Ünïcødé 顧客 '; DROP TABLE events; --");
  });

  it.each([
    ["no key", {}, 401, "missing API key"],
    [
      "an unknown key",
      { authorization: `Bearer pk_${"x".repeat(43)}` },
      401,
      "not valid or has been revoked",
    ],
    ["a malformed header", { authorization: "Token abc" }, 401, "missing API key"],
  ])("refuses %s with %i", async (_name, headers, status, message) => {
    const response = await handleEvents(post("/api/v1/events", { events: [] }, headers), deps);
    const body = await answer(response);
    expect(body.status).toBe(status);
    expect(JSON.stringify(body.body)).toContain(message);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses a revoked key at once", async () => {
    const { apiKey, key } = await createApiKey(t.db, actor, "to revoke");
    const ok = await handleEvents(
      post("/api/v1/events", { events: [] }, { authorization: `Bearer ${key}` }),
      deps,
    );
    expect(ok.status).toBe(200);
    await revokeApiKey(t.db, actor, apiKey.id);
    const refused = await handleEvents(
      post("/api/v1/events", { events: [] }, { authorization: `Bearer ${key}` }),
      deps,
    );
    expect(refused.status).toBe(401);
  });

  it.each([
    ["malformed JSON", '{"events": [', {}, 400, "invalid_json"],
    ["an empty body", "", {}, 400, "invalid_json"],
    ["an array body", "[]", {}, 400, "invalid_body"],
    ["events not an array", '{"events": {}}', {}, 400, "invalid_body"],
    [
      "a form content type",
      '{"events": []}',
      { "content-type": "application/x-www-form-urlencoded" },
      415,
      "unsupported_media_type",
    ],
    [
      "1,001 events",
      JSON.stringify({ events: Array.from({ length: 1001 }, (_, i) => event(`n${i}`)) }),
      {},
      413,
      "too_many_items",
    ],
    [
      "a body over 1 MB",
      JSON.stringify({ events: [event("big", { properties: { pad: "x".repeat(1_000_001) } })] }),
      {},
      413,
      "payload_too_large",
    ],
  ])("answers %s with %i and a JSON error", async (_name, body, headers, status, code) => {
    const result = await answer(
      await handleEvents(post("/api/v1/events", body, { ...auth, ...headers }), deps),
    );
    expect(result.status).toBe(status);
    expect(result.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it("the same batch sent by 4 clients at once is stored once", async () => {
    const batch = {
      events: Array.from({ length: 200 }, (_, i) =>
        event(`race-${String(i).padStart(3, "0")}`, { customerId: `racer-${i % 7}` }),
      ),
    };
    const results = await Promise.all(
      Array.from({ length: 4 }, async () =>
        answer(await handleEvents(post("/api/v1/events", batch, auth), deps)),
      ),
    );
    for (const r of results) expect(r.status).toBe(200);
    const accepted = results.reduce((sum, r) => sum + Number(r.body.accepted), 0);
    const duplicates = results.reduce((sum, r) => sum + Number(r.body.duplicates), 0);
    expect({ accepted, duplicates }).toEqual({ accepted: 200, duplicates: 600 });
    expect(await storedIds("race-")).toHaveLength(200);
  });

  it("answers 429 with Retry-After once a key is over its rate", async () => {
    const limited = { db: t.db, limiter: new RateLimiter(1, 2) };
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const response = await handleEvents(post("/api/v1/events", { events: [] }, auth), limited);
      statuses.push(response.status);
      retryAfter = response.headers.get("retry-after");
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(retryAfter).toBe("1");
  });

  it("creates unknown touchpoints, to be placed by an admin, when that is turned on", async () => {
    await setIngestionSettings(t.db, actor, { autoCreateTouchpoints: true });
    const result = await answer(
      await handleEvents(
        post(
          "/api/v1/events",
          { events: [event("auto-1", { touchpoint: "kiosk", channel: "store" })] },
          auth,
        ),
        deps,
      ),
    );
    await setIngestionSettings(t.db, actor, { autoCreateTouchpoints: false });
    expect(result.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const [row] = await queryRows<{ channel: string; stage: string; auto: boolean }>(
      t.db,
      sql`SELECT c.key AS channel, s.key AS stage, t.auto_created_at IS NOT NULL AS auto
          FROM touchpoints t JOIN channels c ON c.id = t.channel_id JOIN stages s ON s.id = t.stage_id
          WHERE t.key = 'kiosk'`,
    );
    // The event's channel; no stage given, so the first stage, until an admin moves it.
    expect(row).toEqual({ channel: "store", stage: "discovery", auto: true });
  });

  it("POST /customers creates and merges attributes, and applies persona rules", async () => {
    const first = await answer(
      await handleCustomers(
        post(
          "/api/v1/customers",
          {
            customers: [
              { customerId: "p-1", attributes: { age: 25, city: "Lyon" } },
              { customerId: "p-2", attributes: { member: true } },
              { customerId: "", attributes: {} },
              { customerId: "p-3", attributes: [] },
            ],
          },
          auth,
        ),
        deps,
      ),
    );
    expect(first).toEqual({
      status: 200,
      body: {
        accepted: 2,
        created: 2,
        updated: 0,
        rejected: [
          { index: 2, errors: ["customerId is required"] },
          { index: 3, errors: ["attributes must be a JSON object"] },
        ],
      },
    });
    const second = await answer(
      await handleCustomers(
        post(
          "/api/v1/customers",
          { customers: [{ customerId: "p-1", attributes: { age: 41 } }] },
          auth,
        ),
        deps,
      ),
    );
    expect(second.body).toMatchObject({ created: 0, updated: 1 });
    const rows = await queryRows<{
      external_id: string;
      attributes: Record<string, unknown>;
      persona: string | null;
    }>(
      t.db,
      sql`SELECT c.external_id, c.attributes, p.key AS persona FROM customers c
          LEFT JOIN personas p ON p.id = c.persona_id WHERE c.external_id LIKE 'p-%' ORDER BY 1`,
    );
    // p-1 was young (25 < 30) and is now 41: no persona; p-2 is a member: loyal.
    expect(rows).toEqual([
      { external_id: "p-1", attributes: { age: 41, city: "Lyon" }, persona: null },
      { external_id: "p-2", attributes: { member: true }, persona: "loyal" },
    ]);
  });
});
