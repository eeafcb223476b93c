import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClickHouse,
  ClickHouseUnavailableError,
  createClickHouse,
  parseClickHouseUrl,
} from "../../src/analytics/clickhouse/client";
import { chSql, lit } from "../../src/analytics/clickhouse/literal";
import {
  migrateClickHouse,
  migrateClickHouseCluster,
} from "../../src/analytics/clickhouse/migrate";
import { readSyncStatus, syncToClickHouse } from "../../src/analytics/clickhouse/sync";
import * as pgm from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { inPeriod } from "../../src/metrics/clickhouse/filter";
import { getCatalogue } from "../../src/queries";
import {
  DAY,
  openTestDatabase,
  seedTestCatalogue,
  T0,
  TEST_TARGETS,
  type TestDatabase,
} from "../helpers";
import {
  CLUSTER_NAME,
  CLUSTER_SHARD_URLS,
  CLUSTER_TEST_URL,
  CLUSTER_UP,
  FAULTS_CLUSTER,
  FAULTS_HTTP_PORT,
  onShard,
  openTestCluster,
  proxiedShard2,
} from "./cluster";
import type { TestClickHouse } from "./helpers";
import {
  clickHouseEvents,
  eventCounts,
  insertRawEvents,
  postgresEvents,
  syncFully,
} from "./sync-fixtures";
import { describeSync } from "./sync-suite";

/*
 * Parcours on the two-shard cluster of scripts/clickhouse-cluster.sh (issue 14). The metrics'
 * equality with PostgreSQL and the single server is checked by metrics-differential.test.ts,
 * which runs on the cluster too; here: the sync's guarantees, where the work happens, faults.
 */

for (const target of TEST_TARGETS) {
  describeSync(
    `ClickHouse sync from ${target} into a two-shard cluster`,
    target,
    () => openTestCluster(),
    CLUSTER_UP,
  );
}

const SHARDS = [CLUSTER_TEST_URL, ...CLUSTER_SHARD_URLS];

async function localCounts(ch: ClickHouse): Promise<{ rows: number; distinct: number }[]> {
  const counts = [];
  for (const server of SHARDS) {
    const shard = onShard(ch, server);
    try {
      const [row] = await shard.query<{ rows: string; distinct: string }>(
        chSql`SELECT toString(count()) AS rows, toString(uniqExact(event_id)) AS distinct
              FROM events_local`,
      );
      counts.push({ rows: Number(row?.rows), distinct: Number(row?.distinct) });
    } finally {
      await shard.close();
    }
  }
  return counts;
}

describe.skipIf(!CLUSTER_UP)("init --cluster refuses what would not work, saying why", () => {
  const databases: string[] = [];
  const open = () => {
    const name = `parcours_cluster_refused_${process.pid}_${randomBytes(3).toString("hex")}`;
    databases.push(name);
    return createClickHouse(`${parseClickHouseUrl(CLUSTER_TEST_URL).server}/${name}`);
  };
  afterAll(async () => {
    for (const server of SHARDS) {
      const ch = createClickHouse(`${parseClickHouseUrl(server).server}/default`);
      for (const name of databases) {
        await ch.serverCommand(chSql`DROP DATABASE IF EXISTS ${lit.ident(name)}`);
      }
      await ch.close();
    }
  });

  it("a shard without a URL, a URL that is no shard, a single-server copy", async () => {
    const ch = open();
    try {
      await expect(migrateClickHouseCluster(ch, CLUSTER_NAME, [])).rejects.toThrow(
        /shard 2 of parcours \(127\.0\.0\.1:9001\) is none of the servers given: pass its HTTP URL with --shard-urls/,
      );
      // The same server twice is one URL; a server outside the cluster is named.
      await expect(
        migrateClickHouseCluster(ch, "test_shard_localhost", CLUSTER_SHARD_URLS),
      ).rejects.toThrow(/http:\/\/127\.0\.0\.1:8124 is not a shard of test_shard_localhost/);
      await migrateClickHouse(ch);
      await expect(migrateClickHouseCluster(ch, CLUSTER_NAME, CLUSTER_SHARD_URLS)).rejects.toThrow(
        /is a single-server analytics copy: give the cluster a new database name/,
      );
    } finally {
      await ch.close();
    }
  });
});

describe.skipIf(!CLUSTER_UP)("ClickHouse cluster: each shard holds its own customers", () => {
  let t: TestDatabase;
  let ch: TestClickHouse;

  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    // Every query logged, and the initiator's own shard asked over the network as the other
    // is, so that both shards' parts of a query show in their query_log.
    ch = await openTestCluster({ settings: { log_queries: 1, prefer_localhost_replica: 0 } });
    await seedTestCatalogue(t.db);
    await insertRawEvents(t.db, { prefix: "w-", count: 3000, customers: 200 });
    await syncFully(t.db, ch);
  }, 300_000);
  afterAll(async () => {
    await ch?.cleanup();
    await t?.cleanup();
  });

  it("splits events and customers by cityHash64 of the customer id, both shards used", async () => {
    for (const [i, server] of SHARDS.entries()) {
      const shard = onShard(ch, server);
      try {
        const [row] = await shard.query<{ n: string; wrong: string; customers: string }>(
          chSql`SELECT toString(count()) AS n,
                  toString(countIf(cityHash64(customer_id) % 2 != ${lit.uint(i)})) AS wrong,
                  toString((SELECT count() FROM customers_local
                            WHERE cityHash64(id) % 2 != ${lit.uint(i)})) AS customers
                FROM events_local`,
        );
        expect(Number(row?.n), `shard ${i + 1} holds events`).toBeGreaterThan(500);
        expect(Number(row?.wrong), `events on shard ${i + 1} that belong elsewhere`).toBe(0);
        expect(Number(row?.customers), `customers on shard ${i + 1} from elsewhere`).toBe(0);
      } finally {
        await shard.close();
      }
    }
    expect(await eventCounts(ch)).toEqual({ rows: 3000, distinct: 3000 });
  });

  it("walks each customer's funnel on its shard: the initiator receives one small row per customer, not the events", async () => {
    const catalogue = await getCatalogue(t.db);
    const filter = {
      from: new Date(T0.getTime() - DAY * 1000),
      to: new Date(T0.getTime() + 10 * DAY * 1000),
    };
    const stages = catalogue.stages.map((s) => ({ kind: "stage" as const, key: s.key }));
    const started = Math.floor(Date.now() / 1000) - 1;
    const funnel = await chm.getFunnel(ch, { filter, catalogue, steps: stages });
    expect(funnel.steps[0]?.customers).toBeGreaterThan(0);
    let received = 0;
    for (const server of SHARDS) {
      const shard = onShard(ch, server);
      try {
        await shard.command(chSql`SYSTEM FLUSH LOGS`);
        // The shard's part of the query: it read the shard's events and returned its customers.
        const logged = await shard.query<{
          query: string;
          read_rows: string;
          result_rows: string;
          result_bytes: string;
        }>(
          chSql`SELECT query, toString(read_rows) AS read_rows, toString(result_rows) AS result_rows,
                  toString(result_bytes) AS result_bytes
                FROM system.query_log
                WHERE type = 2 AND is_initial_query = 0 AND event_time >= toDateTime(${lit.uint(started)})
                  AND query LIKE ${lit.str(`%${ch.database}.events_local%GROUP BY customer_id%`)}`,
        );
        const [own] = await shard.query<{ events: string; customers: string }>(
          chSql`SELECT toString(count()) AS events, toString(uniqExact(customer_id)) AS customers
                FROM events_local`,
        );
        expect(logged, `the funnel's part on ${server}`).toHaveLength(1);
        const part = logged[0];
        const events = Number(own?.events);
        const rows = Number(part?.result_rows);
        const bytes = Number(part?.result_bytes);
        expect(Number(part?.read_rows)).toBe(events);
        expect(rows, `customers sent by ${server}`).toBe(Number(own?.customers));
        // The walk ran on the shard: the query it was sent computes the last step's fastest
        // chain, and each row it returned is that customer's result, not the customer's keys:
        // entered (UInt8) and the fastest chain to each later step (Int64), 1 + 8 × (steps − 1)
        // bytes, the columns the initiator's counts read (the rest is not asked of the shard).
        // The old SQL returned the customer id and its sorted keys (4 + 8 + 8 per matching
        // event: 132 bytes for this data's 15 events per customer).
        expect(bytes, `bytes sent by ${server}`).toBeLessThanOrEqual(
          rows * (1 + 8 * (stages.length - 1)),
        );
        expect(bytes, `bytes sent by ${server}, against 8 per event`).toBeLessThan(
          (events * 8) / 2,
        );
        expect(part?.query).toContain(`AS f${stages.length - 1}`);
        expect(part?.query).toContain("distributed_group_by_no_merge = 1");
        received += rows;
      } finally {
        await shard.close();
      }
    }
    expect(received).toBe(200);
    expect(received).toBeLessThan(3000 / 10);
  });

  it("finishes each customer's heatmap cells, stage reach, converter orders and KPI flags on its shard", async () => {
    const catalogue = await getCatalogue(t.db);
    const from = new Date(T0.getTime() - DAY * 1000);
    const to = new Date(T0.getTime() + 10 * DAY * 1000);
    const filter = { from, to };
    const shard2 = SHARDS[1] ?? "";
    const shard = onShard(ch, shard2);
    // Shard 2's parts of the queries since `started` whose text matches `like`.
    const parts = async (started: number, like: string) => {
      await shard.command(chSql`SYSTEM FLUSH LOGS`);
      return shard.query<{ query: string; result_rows: string; result_bytes: string }>(
        chSql`SELECT query, toString(result_rows) AS result_rows,
                toString(result_bytes) AS result_bytes
              FROM system.query_log
              WHERE type = 2 AND is_initial_query = 0 AND event_time >= toDateTime(${lit.uint(started)})
                AND query LIKE ${lit.str(`%${ch.database}.events_local%`)}
                AND query LIKE ${lit.str(`%${like}%`)}`,
      );
    };
    try {
      const [own] = await shard.query<{ customers: string; cells: string }>(
        chSql`SELECT toString(count()) AS customers, toString(sum(c)) AS cells FROM (
                SELECT uniqExactIf((stage_id, touchpoint_id),
                  ${inPeriod(from, to)}) AS c
                FROM events_local GROUP BY customer_id)`,
      );
      const customers = Number(own?.customers);
      const cells = Number(own?.cells);

      // The heatmap: each customer's touched cells and those that reached the next stage in
      // time, two arrays (8 bytes of offset each) of distinct cells (8 bytes each, at most the
      // customer's distinct cells in the period). The old SQL sent every event to the initiator.
      let started = Math.floor(Date.now() / 1000) - 1;
      await chm.getTouchpointHeatmap(ch, { filter, catalogue });
      const [cellsPart, ...moreCells] = await parts(started, "transform(stage_id");
      expect(moreCells, "one next-stage query").toHaveLength(0);
      expect(Number(cellsPart?.result_rows)).toBeLessThanOrEqual(customers);
      expect(Number(cellsPart?.result_bytes)).toBeLessThanOrEqual(customers * 16 + cells * 16);
      expect(cellsPart?.query).toContain("distributed_group_by_no_merge = 1");

      // The journey map: per customer, touched stages and the first reaching touch's delay per
      // stage; the converters' orders as three finished columns (UInt8, Nullable(Int64), UInt64:
      // 18 bytes), not aggregation states.
      started = Math.floor(Date.now() / 1000) - 1;
      await chm.getJourneyMap(ch, { filter, catalogue });
      // (The heatmap's part above may fall in the same second.)
      const reach = await parts(started, "transform(stage_id");
      expect(reach.length, "the stage reach and the heatmap's cells").toBeGreaterThanOrEqual(2);
      for (const part of reach) {
        expect(Number(part.result_rows)).toBeLessThanOrEqual(customers);
        expect(Number(part.result_bytes)).toBeLessThanOrEqual(customers * 24 + cells * 16);
      }
      const [orders] = await parts(started, "countIf(type = 'purchase')");
      expect(Number(orders?.result_rows)).toBe(customers);
      expect(Number(orders?.result_bytes)).toBeLessThanOrEqual(customers * 18);

      // The KPIs: per customer and period, events (UInt64), converted (UInt8), revenue and
      // rating sums (Nullable: 9 bytes), ratings (UInt64): 35 bytes, twice.
      started = Math.floor(Date.now() / 1000) - 1;
      await chm.getOverviewKpis(ch, { filter, catalogue });
      const [kpis] = await parts(started, "AS n_cur");
      expect(Number(kpis?.result_rows)).toBe(customers);
      expect(Number(kpis?.result_bytes)).toBeLessThanOrEqual(customers * 70);
    } finally {
      await shard.close();
    }
  });

  it("drivers and persona features, finished on the shards, equal PostgreSQL's on the same events", async () => {
    // Not in metrics-differential.test.ts, which covers the other metrics moved to the shards.
    const catalogue = await getCatalogue(t.db);
    const filter = {
      from: new Date(T0.getTime() - DAY * 1000),
      to: new Date(T0.getTime() + 10 * DAY * 1000),
    };
    const drivers = await chm.getDrivers(ch, { filter, catalogue });
    expect(drivers).toEqual(await pgm.getDrivers(t.db, { filter, catalogue }));
    const features = await chm.getPersonaFeatures(ch, { filter, catalogue, sampleSize: 150 });
    expect(features).toEqual(
      await pgm.getPersonaFeatures(t.db, { filter, catalogue, sampleSize: 150 }),
    );
    expect(features.rows.length).toBe(150);
  });
});

describe.skipIf(!CLUSTER_UP)("ClickHouse cluster: a shard behind the others", () => {
  let t: TestDatabase;
  let ch: TestClickHouse;

  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    ch = await openTestCluster();
    await seedTestCatalogue(t.db);
  });
  afterAll(async () => {
    await ch?.cleanup();
    await t?.cleanup();
  });

  it("gets what it lacks and the shard ahead gets nothing twice", async () => {
    await insertRawEvents(t.db, { prefix: "a-", count: 400, customers: 60 });
    await syncFully(t.db, ch);
    const [before] = await ch.query<{ x: string }>(
      chSql`SELECT toString(max(sync_version)) AS x FROM events`,
    );
    await insertRawEvents(t.db, { prefix: "b-", count: 400, customers: 60 });
    await syncFully(t.db, ch);
    // Shard 2 as a batch cut short would leave it: without the second batch's rows, its
    // cursor marker back where the first pass ended, while shard 1 has its part.
    const shard2 = onShard(ch, SHARDS[1] ?? "");
    try {
      await shard2.command(
        chSql`ALTER TABLE events_local DELETE WHERE sync_version > ${lit.uint(BigInt(before?.x ?? 0))}`,
      );
      for (let i = 0; i < 100; i++) {
        const [m] = await shard2.query<{ n: number }>(
          chSql`SELECT toUInt32(count()) AS n FROM system.mutations
                WHERE database = ${lit.str(ch.database)} AND is_done = 0`,
        );
        if (!m?.n) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const [last] = await shard2.query<{ x: string; id: string }>(
        chSql`SELECT toString(sync_version) AS x, max(event_id) AS id FROM events_local
              GROUP BY sync_version ORDER BY sync_version DESC LIMIT 1`,
      );
      await shard2.insert("sync_state", [
        {
          key: "cursor_events",
          value: JSON.stringify({ xid: last?.x, eventId: last?.id }),
          version: String(BigInt(Date.now()) * 1000n + 999n),
        },
      ]);
    } finally {
      await shard2.close();
    }
    const lacking = await eventCounts(ch);
    expect(lacking.rows).toBeLessThan(800);
    expect((await readSyncStatus(t.db, ch)).pendingEvents).toBeGreaterThan(0);

    await syncFully(t.db, ch);
    expect(await eventCounts(ch)).toEqual({ rows: 800, distinct: 800 });
    for (const shard of await localCounts(ch)) expect(shard.rows).toBe(shard.distinct);
    expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(t.db));
  });
});

describe.skipIf(!CLUSTER_UP)("ClickHouse cluster with a shard cut off", () => {
  let t: TestDatabase;
  let ch: TestClickHouse;
  let shard2: Awaited<ReturnType<typeof proxiedShard2>>;

  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    shard2 = await proxiedShard2();
    ch = await openTestCluster({
      cluster: { name: FAULTS_CLUSTER, shardUrls: [`http://127.0.0.1:${FAULTS_HTTP_PORT}`] },
    });
    await seedTestCatalogue(t.db);
    await insertRawEvents(t.db, { prefix: "up-", count: 300, customers: 40 });
    await syncFully(t.db, ch);
  });
  afterAll(async () => {
    // The database is dropped through shard 2's own port (cleanup), the proxy closed last.
    await ch?.cleanup();
    await shard2?.release();
    await t?.cleanup();
  });

  it("answers no metric rather than a partial one, ingestion goes on, and the sync catches up", async () => {
    const catalogue = await getCatalogue(t.db);
    const filter = {
      from: new Date(T0.getTime() - DAY * 1000),
      to: new Date(T0.getTime() + 10 * DAY * 1000),
    };
    const complete = await chm.getOverviewKpis(ch, { filter, catalogue });

    await shard2.cut();
    try {
      const down = chm.getOverviewKpis(ch, { filter, catalogue });
      await expect(down).rejects.toThrow(ClickHouseUnavailableError);
      await expect(down).rejects.toThrow(/a shard of the ClickHouse cluster .* is not answering/);
      // PostgreSQL keeps accepting events; the sync fails, saying why, and copies nothing.
      await insertRawEvents(t.db, { prefix: "down-", count: 200, customers: 40 });
      await expect(syncToClickHouse(t.db, ch)).rejects.toThrow(ClickHouseUnavailableError);
    } finally {
      await shard2.restore();
    }
    await syncFully(t.db, ch);
    expect(await eventCounts(ch)).toEqual({ rows: 500, distinct: 500 });
    expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(t.db));
    const after = await chm.getOverviewKpis(ch, { filter, catalogue });
    expect(after).not.toEqual(complete);
  }, 240_000);
});
