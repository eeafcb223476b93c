import { randomBytes } from "node:crypto";
import type { ClickHouse } from "./client";
import { type ChSql, chSql, joinSql, lit } from "./literal";

/*
 * Parcours on a sharded ClickHouse cluster (issue 14).
 *
 * Layout. On every shard, the database of CLICKHOUSE_URL holds the single-server schema, except
 * that the two tables that grow with the events are local tables, `events_local` and
 * `customers_local`, and `events` and `customers` are Distributed tables over them, sharded by
 * cityHash64 of the customer id. The metric SQL reads `events` and `customers` as on a single
 * server and does not know which it runs on. Customers and their events live on the same shard,
 * so every per-customer step of a query (the funnel's chain search, the next-stage search, the
 * grouping behind unique counts) is computed by the shard holding the customer, and the IN
 * subqueries on customers read each shard's own rows (distributed_product_mode=local, see
 * client.ts).
 *
 * Without ZooKeeper there is no ON CLUSTER DDL: schema changes, catalogue copies and catalogue
 * moves (ALTER … UPDATE) go to each shard over its HTTP port. The shards' HTTP URLs are given
 * to `parcours analytics init --cluster NAME` once and kept, with the cluster's name, in the
 * table `cluster_shards` on every shard: CLICKHOUSE_URL stays the one setting.
 */

/** The tables sharded by customer, and the column holding the customer id. */
export const SHARDED_TABLES = [
  { table: "events", customer: "customer_id" },
  { table: "customers", customer: "id" },
] as const;

export const localTable = (table: string) => `${table}_local`;
export const stagingTable = (table: string) => `${table}_staging`;

export interface ClusterShard {
  /** shard_num of system.clusters (1-based, the cluster's order). */
  num: number;
  weight: number;
  /** The native address the cluster config names (host:port). */
  address: string;
  /** The shard's HTTP URL, without credentials and database. */
  url: string;
}

export interface ClusterLayout {
  cluster: string;
  shards: ClusterShard[];
}

export class ClusterConfigError extends Error {
  override name = "ClusterConfigError";
}

const LAYOUT_TABLE = "cluster_shards";

async function tableExists(ch: ClickHouse, table: string): Promise<boolean> {
  const [row] = await ch.serverQuery<{ n: number }>(
    chSql`SELECT toUInt8(count()) AS n FROM system.tables
          WHERE database = ${lit.str(ch.database)} AND name = ${lit.str(table)}`,
  );
  return Boolean(row?.n);
}

/** The cluster this database is part of, or null on a single server. */
export async function readClusterLayout(ch: ClickHouse): Promise<ClusterLayout | null> {
  if (!(await tableExists(ch, LAYOUT_TABLE))) return null;
  const rows = await ch.query<{
    cluster: string;
    shard_num: number;
    weight: number;
    address: string;
    http_url: string;
  }>(chSql`SELECT cluster, shard_num, weight, address, http_url FROM cluster_shards
           ORDER BY shard_num`);
  const first = rows[0];
  if (!first) return null;
  return {
    cluster: first.cluster,
    shards: rows.map((r) => ({
      num: Number(r.shard_num),
      weight: Number(r.weight),
      address: r.address,
      url: r.http_url,
    })),
  };
}

/** A client per shard, in the layout's order; close them with closeShards. */
export function openShards(ch: ClickHouse, layout: ClusterLayout): ClickHouse[] {
  const sibling = ch.sibling?.bind(ch);
  if (!sibling) throw new ClusterConfigError("this ClickHouse client cannot reach other servers");
  return layout.shards.map((shard) => sibling(shard.url));
}

export async function closeShards(shards: readonly ClickHouse[]): Promise<void> {
  await Promise.allSettled(shards.map((s) => s.close()));
}

/**
 * A migration statement as it runs on a shard: `events` and `customers` become the local
 * tables (the Distributed ones are made from them afterwards, see ensureShardedTables).
 */
export function shardStatement(statement: string): string {
  let out = statement;
  for (const { table } of SHARDED_TABLES) {
    out = out.replace(new RegExp(`(?<![\\w.\`"])${table}(?![\\w\`"])`, "g"), localTable(table));
  }
  return out;
}

async function columnsOf(ch: ClickHouse, table: string): Promise<string> {
  const rows = await ch.query<{ name: string; type: string }>(
    chSql`DESCRIBE TABLE ${lit.ident(table)}`,
  );
  return rows.map((r) => `${r.name} ${r.type}`).join(", ");
}

/**
 * The Distributed tables and the sync's staging tables, made (again) from the local tables
 * when missing or when a migration changed the local columns. Neither holds data of its own.
 */
export async function ensureShardedTables(ch: ClickHouse, cluster: string): Promise<void> {
  for (const { table, customer } of SHARDED_TABLES) {
    const local = localTable(table);
    const wanted = await columnsOf(ch, local);
    const engines: { name: string; engine: ChSql }[] = [
      {
        name: table,
        engine: chSql`Distributed(${lit.str(cluster)}, ${lit.str(ch.database)}, ${lit.str(local)}, cityHash64(${lit.ident(customer)}))`,
      },
      // The sync's batch on its way to the shards (see sync.ts): one batch at a time.
      { name: stagingTable(table), engine: chSql`Memory` },
    ];
    for (const { name, engine } of engines) {
      if ((await tableExists(ch, name)) && (await columnsOf(ch, name)) === wanted) continue;
      await ch.command(chSql`DROP TABLE IF EXISTS ${lit.ident(name)}`);
      await ch.command(
        chSql`CREATE TABLE ${lit.ident(name)} AS ${lit.ident(local)} ENGINE = ${engine}`,
      );
    }
  }
}

/**
 * The condition a staging row meets when the shard it belongs to lacks it: the rows of shard i
 * above that shard's cursor. The shard of a row is the Distributed engine's: the sharding key
 * modulo the sum of the weights picks a slot, and the shards own consecutive slots in order.
 */
export function missingOnShard(
  layout: ClusterLayout,
  customerColumn: string,
  above: readonly ChSql[],
): ChSql {
  const total = layout.shards.reduce((sum, s) => sum + s.weight, 0);
  const slot = chSql`(cityHash64(${lit.ident(customerColumn)}) % ${lit.uint(total)})`;
  const branches: ChSql[] = [];
  let start = 0;
  layout.shards.forEach((shard, i) => {
    const end = start + shard.weight;
    const condition = above[i];
    if (!condition) throw new RangeError(`no cursor for shard ${shard.num}`);
    branches.push(
      chSql`${slot} >= ${lit.uint(start)} AND ${slot} < ${lit.uint(end)}, ${condition}`,
    );
    start = end;
  });
  return chSql`multiIf(${joinSql(branches, ", ")}, 0)`;
}

// ----------------------------------------------------------------------------- init --cluster

interface ClusterRow {
  shard_num: number;
  shard_weight: number;
  replica_num: number;
  host_address: string;
  port: number;
}

/** http(s)://host:port, without path, credentials or query. */
function serverOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ClusterConfigError(`not a URL: ${JSON.stringify(url)} (expected http://host:8124)`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ClusterConfigError(`a shard's URL is http:// or https://, not ${parsed.protocol}//`);
  }
  return `${parsed.protocol}//${parsed.host}`;
}

export interface ClusterInitResult {
  layout: ClusterLayout;
  created: string[];
}

/**
 * Makes the database of `ch` a member of `cluster`: finds the cluster's shards in the server's
 * system.clusters, matches each with one of the HTTP URLs given (`ch`'s own server and
 * `shardUrls`) by asking it for a token written through the URL, applies the schema on every
 * shard and records the layout. Idempotent.
 *
 * `migrate` applies the schema to one shard (migrate.ts passes its own, to avoid a cycle).
 */
export async function initCluster(
  ch: ClickHouse,
  cluster: string,
  shardUrls: readonly string[],
  migrate: (shard: ClickHouse, cluster: string) => Promise<{ created: boolean }>,
): Promise<ClusterInitResult> {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/.test(cluster)) {
    throw new ClusterConfigError(`not a cluster name: ${JSON.stringify(cluster)}`);
  }
  const rows = await ch.serverQuery<ClusterRow>(
    chSql`SELECT shard_num, shard_weight, replica_num, host_address, port FROM system.clusters
          WHERE cluster = ${lit.str(cluster)} ORDER BY shard_num, replica_num`,
  );
  if (rows.length === 0) {
    const known = await ch.serverQuery<{ cluster: string }>(
      chSql`SELECT DISTINCT cluster FROM system.clusters ORDER BY cluster`,
    );
    throw new ClusterConfigError(
      `ClickHouse at ${ch.location} knows no cluster ${JSON.stringify(cluster)} (its remote_servers name: ${known.map((k) => k.cluster).join(", ") || "none"})`,
    );
  }
  if (rows.some((r) => Number(r.replica_num) > 1)) {
    throw new ClusterConfigError(
      `cluster ${cluster} has replicas: replicated shards need ReplicatedMergeTree and ZooKeeper or ClickHouse Keeper, which Parcours does not set up (docs/scaling.md)`,
    );
  }
  const sibling = ch.sibling?.bind(ch);
  if (!sibling) throw new ClusterConfigError("this ClickHouse client cannot reach other servers");

  const own = serverOf(ch.location);
  const candidates = [...new Set([own, ...shardUrls.map(serverOf)])];
  const clients = candidates.map((url) => ({ url, ch: url === own ? ch : sibling(url) }));
  try {
    // A token written through each URL, read back through the cluster's native addresses,
    // says which URL is which shard (and that each URL is a shard at all).
    const tokens = new Map<string, (typeof clients)[number]>();
    for (const client of clients) {
      const token = randomBytes(8).toString("hex");
      await client.ch.serverCommand(
        chSql`CREATE DATABASE IF NOT EXISTS ${lit.ident(client.ch.database)}`,
      );
      await client.ch.command(chSql`DROP TABLE IF EXISTS shard_identity`);
      await client.ch.command(chSql`CREATE TABLE shard_identity (token String) ENGINE = TinyLog`);
      await client.ch.insert("shard_identity", [{ token }]);
      tokens.set(token, client);
    }
    const shards: (ClusterShard & { ch: ClickHouse })[] = [];
    for (const row of rows) {
      const address = `${row.host_address}:${row.port}`;
      // A shard none of the URLs reaches has no such table (asked first: a query naming a
      // missing table fails on the shard, and that reads like the shard being down).
      const [table] = await ch.query<{ n: number }>(
        chSql`SELECT toUInt8(count()) AS n FROM remote(${lit.str(address)}, system.tables)
              WHERE database = ${lit.str(ch.database)} AND name = 'shard_identity'`,
      );
      const [found] = table?.n
        ? await ch.query<{ token: string }>(
            chSql`SELECT token FROM remote(${lit.str(address)}, ${lit.ident(ch.database)}, shard_identity)`,
          )
        : [];
      const client = found ? tokens.get(found.token) : undefined;
      if (!client) {
        throw new ClusterConfigError(
          `shard ${row.shard_num} of ${cluster} (${address}) is none of the servers given: pass its HTTP URL with --shard-urls`,
        );
      }
      tokens.delete(found?.token ?? "");
      shards.push({
        num: Number(row.shard_num),
        weight: Number(row.shard_weight),
        address,
        url: client.url,
        ch: client.ch,
      });
    }
    const strangers = [...tokens.values()].map((c) => c.url);
    if (strangers.length) {
      throw new ClusterConfigError(
        `${strangers.join(", ")} ${strangers.length === 1 ? "is not a shard" : "are not shards"} of ${cluster}${
          strangers.includes(own) ? " (the CLICKHOUSE_URL server must be one of its shards)" : ""
        }`,
      );
    }
    for (const shard of shards) {
      await shard.ch.command(chSql`DROP TABLE shard_identity`);
      // A database used as a single-server copy holds its events where no shard would look
      // for them: the cluster starts from a database of its own, filled by the sync.
      const layout = await readClusterLayout(shard.ch);
      if (!layout && (await tableExists(shard.ch, "schema_migrations"))) {
        throw new ClusterConfigError(
          `the database ${shard.ch.database} on ${shard.url} is a single-server analytics copy: give the cluster a new database name in CLICKHOUSE_URL (the sync copies everything from PostgreSQL into it)`,
        );
      }
      if (layout && layout.cluster !== cluster) {
        throw new ClusterConfigError(
          `the database ${shard.ch.database} on ${shard.url} belongs to the cluster ${layout.cluster}, not ${cluster}`,
        );
      }
    }
    const layout: ClusterLayout = {
      cluster,
      shards: shards.map(({ ch: _, ...shard }) => shard),
    };
    const created: string[] = [];
    for (const shard of shards) {
      const result = await migrate(shard.ch, cluster);
      if (result.created) created.push(shard.url);
      await shard.ch.command(chSql`DROP TABLE IF EXISTS cluster_shards`);
      await shard.ch.command(
        chSql`CREATE TABLE cluster_shards (cluster String, shard_num UInt32, weight UInt32,
                address String, http_url String) ENGINE = TinyLog`,
      );
      await shard.ch.insert(
        "cluster_shards",
        layout.shards.map((s) => ({
          cluster,
          shard_num: s.num,
          weight: s.weight,
          address: s.address,
          http_url: s.url,
        })),
      );
    }
    return { layout, created };
  } finally {
    await closeShards(clients.filter((c) => c.ch !== ch).map((c) => c.ch));
  }
}
