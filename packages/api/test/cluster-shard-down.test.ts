import { createClickHouse } from "@parcours/db/analytics/clickhouse";
import { clickhouseEngine, type MetricEngine } from "@parcours/db/metrics/engine";
import type { UserRow } from "@parcours/db/queries";
import {
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "@parcours/db/testing";
import {
  CLUSTER_UP,
  FAULTS_CLUSTER,
  FAULTS_HTTP_PORT,
  openTestCluster,
  proxiedShard2,
} from "@parcours/db/testing/clickhouse/cluster";
import type { TestClickHouse } from "@parcours/db/testing/clickhouse/helpers";
import { syncFully } from "@parcours/db/testing/clickhouse/sync-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTRPCContext, handleTRPCRequest } from "../src";
import { ANALYTICS_UNAVAILABLE_MESSAGE } from "../src/trpc";
import { createTestUsers, filter } from "./procedures";

/**
 * One shard of a ClickHouse cluster cut off (issue 14): the dashboard answers 503 with
 * Retry-After and the same message as for ClickHouse down, never the other shard's half of
 * the figures; once the shard is back, the figures are whole again.
 */
describe.skipIf(!CLUSTER_UP)("ClickHouse cluster with a shard cut off, over HTTP", () => {
  let t: TestDatabase;
  let ch: TestClickHouse;
  let shard2: Awaited<ReturnType<typeof proxiedShard2>>;
  let engine: MetricEngine;
  let users: { viewer: UserRow };

  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    await seedTestCatalogue(t.db);
    await insertEvents(
      t.db,
      Array.from({ length: 40 }, (_, i) => ({
        id: `e${i}`,
        customer: `c${i}`,
        touchpoint: "ads",
        t: i * 60,
      })),
    );
    users = await createTestUsers(t.db);
    shard2 = await proxiedShard2();
    ch = await openTestCluster({
      cluster: { name: FAULTS_CLUSTER, shardUrls: [`http://127.0.0.1:${FAULTS_HTTP_PORT}`] },
    });
    await syncFully(t.db, ch);
    engine = clickhouseEngine(createClickHouse(ch.url));
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await ch?.cleanup();
    await shard2?.release();
    await t?.cleanup();
  });

  // A figure asked before is served from the metric cache (whole, never partial): the one asked
  // while the shard is away is another period's.
  const kpis = (days = 0) => {
    const to = new Date(new Date(filter.to).getTime() + days * 86_400_000);
    const input = encodeURIComponent(JSON.stringify({ json: { filter: { ...filter, to } } }));
    return handleTRPCRequest({
      req: new Request(`http://localhost/api/trpc/dashboard.kpis?input=${input}`),
      createContext: () =>
        createTRPCContext({
          headers: new Headers(),
          db: t.db,
          user: users.viewer,
          metrics: engine,
        }),
    });
  };

  it("answers 503 with Retry-After while the shard is away, and whole figures once it is back", async () => {
    // All 40 customers' events, from both shards.
    const current = async (response: Response) => {
      expect(response.status).toBe(200);
      const { activeCustomers, events } = JSON.parse(await response.text()).result.data.json
        .current;
      return { activeCustomers, events };
    };
    expect(await current(await kpis())).toEqual({ activeCustomers: 40, events: 40 });

    await shard2.cut();
    try {
      const response = await kpis(1);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const body = await response.text();
      expect(JSON.parse(body).error.json.message).toBe(ANALYTICS_UNAVAILABLE_MESSAGE);
      expect(body).not.toMatch(/select|127\.0\.0\.1|9002|stack|\.ts:/i);
    } finally {
      await shard2.restore();
    }
    expect(await current(await kpis(1))).toEqual({ activeCustomers: 40, events: 40 });
  });
});
