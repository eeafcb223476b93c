import {
  type ClickHouse,
  createClickHouse,
  DEFAULT_BATCH_ROWS,
  migrateClickHouse,
  migrateClickHouseCluster,
  PGLITE_BATCH_ROWS,
  pendingClickHouseMigrations,
  readSyncStatus,
  type SyncStatus,
  startSyncLoop,
  syncToClickHouse,
} from "@parcours/db/analytics/clickhouse";
import type { Command } from "commander";
import { note, printJson, UsageError, withDatabase } from "../context";
import { readEnv } from "../env";

/** The ClickHouse named by CLICKHOUSE_URL (the only setting the analytics engine has). */
async function withClickHouse<T>(fn: (ch: ClickHouse) => Promise<T>): Promise<T> {
  const url = readEnv().CLICKHOUSE_URL;
  if (!url) {
    throw new UsageError(
      "CLICKHOUSE_URL is not set: point it at ClickHouse's HTTP port and a database, e.g. CLICKHOUSE_URL=http://127.0.0.1:8123/parcours",
    );
  }
  const ch = createClickHouse(url);
  try {
    return await fn(ch);
  } finally {
    await ch.close();
  }
}

/** A schema never (or not fully) applied shows as missing tables: say what to run instead. */
async function requireSchema(ch: ClickHouse): Promise<void> {
  const pending = await pendingClickHouseMigrations(ch);
  if (pending.length) {
    throw new Error(
      `ClickHouse at ${ch.location} lacks the schema ${pending.join(", ")}: run \`parcours analytics init\` first`,
    );
  }
}

function parseBatchRows(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 1_000_000) {
    throw new UsageError("--batch-rows must be a whole number from 1 to 1000000");
  }
  return n;
}

function parseInterval(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 100 || n > 3_600_000) {
    throw new UsageError("--interval must be a number of milliseconds from 100 to 3600000");
  }
  return n;
}

function statusLines(s: SyncStatus): string {
  const lag =
    s.pendingEvents === 0 ? "none" : `${s.pendingEvents} events, ${s.lagSeconds.toFixed(1)} s`;
  return [
    `ClickHouse:          ${s.clickhouse}`,
    `events copied:       ${s.copiedEvents}`,
    `lag:                 ${lag}`,
    `customer versions:   ${s.pendingCustomers} waiting`,
    `catalogue moves:     ${s.pendingChanges} waiting`,
  ].join("\n");
}

export function registerAnalytics(program: Command): void {
  const analytics = program
    .command("analytics")
    .description("the ClickHouse analytics copy (CLICKHOUSE_URL): schema, sync, status");

  analytics
    .command("init")
    .description("create the ClickHouse database and apply its migrations")
    .option(
      "--cluster <name>",
      "shard the copy over this cluster of the server's remote_servers: local tables on every shard, Distributed tables over them (sharded by customer)",
    )
    .option(
      "--shard-urls <urls>",
      "with --cluster: the HTTP URLs of the other shards, comma-separated (e.g. http://10.0.0.2:8123); the CLICKHOUSE_URL server is one of the shards",
    )
    .action((options: { cluster?: string; shardUrls?: string }) => {
      if (options.shardUrls !== undefined && options.cluster === undefined) {
        throw new UsageError("--shard-urls goes with --cluster <name>");
      }
      return withClickHouse(async (ch) => {
        if (options.cluster !== undefined) {
          const urls = (options.shardUrls ?? "")
            .split(",")
            .map((u) => u.trim())
            .filter(Boolean);
          const { layout } = await migrateClickHouseCluster(ch, options.cluster, urls);
          note(
            `ClickHouse cluster ${layout.cluster} ready for ${ch.database}: ${layout.shards
              .map((s) => `shard ${s.num} ${s.url} (${s.address})`)
              .join(", ")}.`,
          );
          return;
        }
        const result = await migrateClickHouse(ch);
        if (result.created) note(`Created the database ${result.database}.`);
        note(
          result.applied.length
            ? `Applied ${result.applied.join(", ")} at ${ch.location}.`
            : `ClickHouse schema already up to date at ${ch.location}.`,
        );
      });
    });

  analytics
    .command("sync")
    .description("copy new events, customers and catalogue changes from the database to ClickHouse")
    .option("--once", "catch up once, then exit (default: keep syncing until stopped)")
    .option(
      "--batch-rows <n>",
      `rows per insert (default ${DEFAULT_BATCH_ROWS}, ${PGLITE_BATCH_ROWS} on the embedded database)`,
    )
    .option("--interval <ms>", "pause between passes when syncing continuously", "1000")
    .action((options: { once?: boolean; batchRows?: string; interval: string }) => {
      const batchRows =
        options.batchRows === undefined ? undefined : parseBatchRows(options.batchRows);
      const intervalMs = parseInterval(options.interval);
      return withClickHouse((ch) =>
        withDatabase(async (handle) => {
          await requireSchema(ch);
          if (options.once) {
            let last = Date.now();
            const result = await syncToClickHouse(handle.db, ch, {
              batchRows,
              waitForLock: true,
              onProgress: (p) => {
                if (Date.now() - last > 2000) {
                  last = Date.now();
                  note(`  ${p.events} events, ${p.customers} customer versions…`);
                }
              },
            });
            note(
              `Copied ${result.events} events, ${result.customers} customer versions and ${result.changes} catalogue changes${result.catalogueCopied ? " (catalogue recopied)" : ""} in ${(result.ms / 1000).toFixed(1)} s.`,
            );
            return;
          }
          note(`Syncing into ${ch.location} every ${intervalMs} ms; Ctrl-C stops.`);
          const loop = startSyncLoop({
            db: async () => handle.db,
            ch,
            intervalMs,
            batchRows,
            migrate: false,
            log: (_level, message) => note(message),
          });
          await new Promise<void>((resolve) => {
            const stop = () => resolve();
            process.once("SIGINT", stop);
            process.once("SIGTERM", stop);
          });
          await loop.stop();
          note(`Stopped; ${loop.state.copiedEvents} events copied.`);
        }),
      );
    });

  analytics
    .command("status")
    .description("how far ClickHouse is behind the database (events and seconds)")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) =>
      withClickHouse(async (ch) => {
        await requireSchema(ch);
        await withDatabase(async (handle) => {
          const status = await readSyncStatus(handle.db, ch);
          if (options.json) return printJson(status);
          console.log(statusLines(status));
        });
      }),
    );
}
