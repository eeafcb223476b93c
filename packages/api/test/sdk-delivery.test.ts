import { queryRows } from "@parcours/db";
import { createApiKey, setSegmentMapping } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import RudderAnalytics from "@rudderstack/rudder-sdk-node";
import { Analytics } from "@segment/analytics-node";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiter } from "../src/http";
import { startIngestServer } from "./ingest-server";

const actor = { id: null, email: "test" };

/**
 * The real SDKs, at their default settings but for where to send and the write key, deliver an
 * identify and a track call to the Segment-compatible endpoint over HTTP.
 */
describe.each(TEST_TARGETS)("Segment-compatible SDKs deliver, on %s", (target) => {
  let t: TestDatabase;
  let server: Awaited<ReturnType<typeof startIngestServer>>;
  let key: string;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    ({ key } = await createApiKey(t.db, actor, "sdk"));
    await setSegmentMapping(t.db, actor, {
      eventName: "Product Viewed",
      touchpoint: "website",
      type: "view",
    });
    server = await startIngestServer({ db: t.db, limiter: new RateLimiter(1000, 1000) });
  });
  afterAll(async () => {
    await server.close();
    await t.cleanup();
  });

  const stored = async (userId: string) => ({
    attributes: (
      await queryRows<{ attributes: Record<string, unknown> }>(
        t.db,
        sql`SELECT attributes FROM customers WHERE external_id = ${userId}`,
      )
    )[0]?.attributes,
    events: await queryRows<{ touchpoint: string; type: string; sku: string | null }>(
      t.db,
      sql`SELECT tp.key AS touchpoint, e.type, e.properties->>'sku' AS sku
          FROM events e JOIN customers c ON c.id = e.customer_id
          JOIN touchpoints tp ON tp.id = e.touchpoint_id
          WHERE c.external_id = ${userId}`,
    ),
  });

  it("@segment/analytics-node: identify traits and a Product Viewed event are stored", async () => {
    const errors: unknown[] = [];
    const analytics = new Analytics({
      writeKey: key,
      host: server.url,
      path: "/api/segment/v1/batch",
    });
    analytics.on("error", (error) => errors.push(error));
    analytics.identify({ userId: "sdk-segment", traits: { plan: "gold", age: 41 } });
    analytics.track({ userId: "sdk-segment", event: "Product Viewed", properties: { sku: "S1" } });
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(await stored("sdk-segment")).toEqual({
      attributes: { plan: "gold", age: 41 },
      events: [{ touchpoint: "website", type: "view", sku: "S1" }],
    });
    const requests = server.seen.filter((r) =>
      r.headers["user-agent"]?.startsWith("analytics-node-next"),
    );
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request).toMatchObject({
        path: "/api/segment/v1/batch",
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }
  });

  it("@rudderstack/rudder-sdk-node: its gzipped batch is read and stored", async () => {
    const errors: unknown[] = [];
    const client = new RudderAnalytics(key, {
      dataPlaneUrl: `${server.url}/api/segment`,
      logLevel: "error",
      errorHandler: (error) => errors.push(error),
    });
    client.identify({ userId: "sdk-rudder", traits: { plan: "silver" } });
    client.track({ userId: "sdk-rudder", event: "Product Viewed", properties: { sku: "R1" } });
    await client.flush();
    expect(errors).toEqual([]);
    expect(await stored("sdk-rudder")).toEqual({
      attributes: { plan: "silver" },
      events: [{ touchpoint: "website", type: "view", sku: "R1" }],
    });
    // What the SDK sends by default (its first call at once, then the rest), and what Parcours
    // once answered 415 to: gzip, labelled as axios labels a Buffer.
    const requests = server.seen.filter((r) =>
      r.headers["user-agent"]?.startsWith("analytics-node/"),
    );
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request).toMatchObject({
        path: "/api/segment/v1/batch",
        status: 200,
        headers: { "content-encoding": "gzip" },
      });
    }
  });
});
