import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ClickHouse,
  ClickHouseUnavailableError,
  createClickHouse,
  parseClickHouseUrl,
} from "../../src/analytics/clickhouse/client";
import { chSql, lit } from "../../src/analytics/clickhouse/literal";
import { migrateClickHouseCluster } from "../../src/analytics/clickhouse/migrate";
import type { TestClickHouse } from "./helpers";

/**
 * The two-shard cluster of scripts/clickhouse-cluster.sh, for the cluster suites. They run
 * when CLICKHOUSE_CLUSTER_TEST_URL names its first shard (CI sets it after running the
 * script), and then fail if the cluster does not answer; without it they are skipped with a
 * warning. CLICKHOUSE_CLUSTER_TEST_SHARDS lists the other shards' HTTP URLs.
 */
export const CLUSTER_TEST_URL = process.env.CLICKHOUSE_CLUSTER_TEST_URL ?? "";
export const CLUSTER_NAME = process.env.CLICKHOUSE_CLUSTER_TEST_NAME || "parcours";
export const CLUSTER_SHARD_URLS = (
  process.env.CLICKHOUSE_CLUSTER_TEST_SHARDS || "http://127.0.0.1:8124"
)
  .split(",")
  .filter(Boolean);

async function clusterAvailable(): Promise<boolean> {
  if (!CLUSTER_TEST_URL) {
    console.warn(
      "\n⚠ CLICKHOUSE_CLUSTER_TEST_URL is not set: the ClickHouse cluster suites are SKIPPED (scripts/clickhouse-cluster.sh starts one; .ci/run sets it).\n",
    );
    return false;
  }
  for (const url of [CLUSTER_TEST_URL, ...CLUSTER_SHARD_URLS]) {
    const ch = createClickHouse(url, { requestTimeoutMs: 3000 });
    try {
      await ch.ping();
    } catch (error) {
      if (!(error instanceof ClickHouseUnavailableError)) throw error;
      throw new Error(
        `CLICKHOUSE_CLUSTER_TEST_URL is set but the shard at ${url} does not answer (run scripts/clickhouse-cluster.sh)`,
      );
    } finally {
      await ch.close();
    }
  }
  return true;
}

export const CLUSTER_UP = await clusterAvailable();

/** A fresh database sharded over the test cluster (init --cluster); cleanup drops it everywhere. */
export async function openTestCluster(
  options: {
    settings?: Record<string, string | number>;
    /** Another cluster of the script's config, and the other shards' URLs for it. */
    cluster?: { name: string; shardUrls: string[] };
  } = {},
): Promise<TestClickHouse> {
  const name = `parcours_cluster_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = `${parseClickHouseUrl(CLUSTER_TEST_URL).server}/${name}`;
  const ch = createClickHouse(url, { settings: options.settings });
  const cluster = options.cluster ?? { name: CLUSTER_NAME, shardUrls: CLUSTER_SHARD_URLS };
  await migrateClickHouseCluster(ch, cluster.name, cluster.shardUrls);
  return Object.assign(ch, {
    url,
    cleanup: async () => {
      try {
        for (const server of [CLUSTER_TEST_URL, ...CLUSTER_SHARD_URLS]) {
          const shard = createClickHouse(`${parseClickHouseUrl(server).server}/${name}`);
          try {
            await shard.serverCommand(chSql`DROP DATABASE IF EXISTS ${lit.ident(name)}`);
          } finally {
            await shard.close();
          }
        }
      } finally {
        await ch.close();
      }
    },
  });
}

/** A client for the same database on one shard, by its HTTP server URL. */
export function onShard(ch: ClickHouse, server: string): ClickHouse {
  return createClickHouse(`${parseClickHouseUrl(server).server}/${ch.database}`);
}

// ------------------------------------------------------------------ a shard cut off

/**
 * The cluster `<name>_faults` of the script names shard 2 at native port 9002; a test puts this
 * proxy there (and one for shard 2's HTTP port) and cuts both to take shard 2 away from
 * everyone else, as a network failure would, without stopping the server other files use.
 */
export const FAULTS_CLUSTER = `${CLUSTER_NAME}_faults`;
export const FAULTS_NATIVE_PORT = 9002;
export const FAULTS_HTTP_PORT = 8125;

export interface CuttableLink {
  /** Closes the port and drops every connection through it. */
  cut(): Promise<void>;
  /** Listens again. */
  restore(): Promise<void>;
}

export async function proxy(listenPort: number, target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(listenPort, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen();
  const result: CuttableLink = {
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
    restore: listen,
  };
  return result;
}

const LOCK = join(tmpdir(), "parcours-cluster-faults.lock");

/**
 * The ports are the config's, so one test file at a time may own them (the db and api suites
 * run side by side): a lock directory holding the owner's pid, taken over when that pid is gone.
 */
async function lockFaultPorts(): Promise<() => void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, "pid"), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let owner = 0;
    try {
      owner = Number(readFileSync(join(LOCK, "pid"), "utf8"));
      process.kill(owner, 0);
    } catch {
      // No pid yet (being written) or a dead owner: gone for good only in the second case.
      if (owner) rmSync(LOCK, { recursive: true, force: true });
    }
    if (Date.now() > deadline) throw new Error(`${LOCK} held by pid ${owner} for 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Shard 2 of the test cluster behind proxies on 9002 (native) and 8125 (HTTP); `cut` drops
 * them, `release` too and lets another test file have the ports.
 */
export async function proxiedShard2(): Promise<CuttableLink & { release(): Promise<void> }> {
  const unlock = await lockFaultPorts();
  const shard2 = new URL(CLUSTER_SHARD_URLS[0] ?? "http://127.0.0.1:8124");
  const native = await proxy(FAULTS_NATIVE_PORT, { host: shard2.hostname, port: 9001 });
  const http = await proxy(FAULTS_HTTP_PORT, {
    host: shard2.hostname,
    port: Number(shard2.port || 8124),
  });
  return {
    cut: async () => {
      await Promise.all([native.cut(), http.cut()]);
    },
    restore: async () => {
      await Promise.all([native.restore(), http.restore()]);
    },
    release: async () => {
      await Promise.all([native.cut(), http.cut()]);
      unlock();
    },
  };
}
