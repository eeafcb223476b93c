import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findRepoRoot } from "../../client";
import type { ClickHouse } from "./client";
import {
  type ClusterInitResult,
  closeShards,
  ensureShardedTables,
  initCluster,
  openShards,
  readClusterLayout,
  shardStatement,
} from "./cluster";
import { chSql, lit, trustedSql } from "./literal";

/**
 * ClickHouse schema migrations: numbered .sql files in ./migrations, applied in order and
 * recorded in the database's `schema_migrations` table with a checksum, as drizzle does on the
 * PostgreSQL side. A landed migration is never edited (its checksum would no longer match:
 * `init` refuses to go on); changes go in a new file.
 */

export interface ClickHouseMigration {
  version: string;
  name: string;
  statements: string[];
  checksum: string;
}

export interface MigrationResult {
  database: string;
  created: boolean;
  applied: string[];
  alreadyApplied: string[];
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Next to this module, or in the repository when bundled (as migrationsFolder() does). */
export function clickHouseMigrationsFolder(): string {
  if (process.env.PARCOURS_CLICKHOUSE_MIGRATIONS_DIR) {
    return process.env.PARCOURS_CLICKHOUSE_MIGRATIONS_DIR;
  }
  const beside = join(dirname(fileURLToPath(import.meta.url)), "migrations");
  if (existsSync(beside)) return beside;
  return join(
    /* turbopackIgnore: true */ findRepoRoot(),
    "packages/db/src/analytics/clickhouse/migrations",
  );
}

/**
 * Splits a migration into statements at semicolons that end a line, dropping `--` comment
 * lines (the HTTP interface runs one statement per request).
 */
export function splitStatements(source: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of source.split("\n")) {
    if (/^\s*--/.test(line)) continue;
    const trimmed = line.trimEnd();
    if (trimmed.endsWith(";")) {
      current.push(trimmed.slice(0, -1));
      const statement = current.join("\n").trim();
      if (statement) statements.push(statement);
      current = [];
    } else {
      current.push(line);
    }
  }
  const rest = current.join("\n").trim();
  if (rest) statements.push(rest);
  return statements;
}

export function readClickHouseMigrations(folder = clickHouseMigrationsFolder()) {
  const migrations: ClickHouseMigration[] = [];
  // The folder is known at run time only (see clickHouseMigrationsFolder): not traced.
  for (const file of readdirSync(/* turbopackIgnore: true */ folder).sort()) {
    const match = FILE.exec(file);
    if (!match) continue;
    const source = readFileSync(join(folder, file), "utf8");
    migrations.push({
      version: match[1] as string,
      name: match[2] as string,
      statements: splitStatements(source),
      checksum: createHash("sha256").update(source).digest("hex"),
    });
  }
  return migrations;
}

const CREATE_MIGRATIONS_TABLE = chSql`CREATE TABLE IF NOT EXISTS schema_migrations (
  version String, name String, checksum String, applied_us Int64
) ENGINE = MergeTree ORDER BY version`;

/**
 * Creates the URL's database if needed and applies the migrations not yet recorded. Statements
 * are idempotent (IF NOT EXISTS), so a run interrupted mid-migration is finished by the next.
 * When the database is part of a cluster (`init --cluster`, cluster.ts), every shard is
 * migrated, and this server's result is returned.
 */
export async function migrateClickHouse(
  ch: ClickHouse,
  migrations = readClickHouseMigrations(),
): Promise<MigrationResult> {
  const [exists] = await ch.serverQuery<{ n: number }>(
    chSql`SELECT toUInt8(count()) AS n FROM system.databases WHERE name = ${lit.str(ch.database)}`,
  );
  const layout = exists?.n ? await readClusterLayout(ch) : null;
  if (!layout) return migrateOne(ch, migrations, null);
  const shards = openShards(ch, layout);
  try {
    const results: MigrationResult[] = [];
    for (const shard of shards) results.push(await migrateOne(shard, migrations, layout.cluster));
    const own = layout.shards.findIndex((s) => s.url === new URL(ch.location).origin);
    // The layout has at least one shard (readClusterLayout returns null otherwise).
    return results[Math.max(own, 0)] as MigrationResult;
  } finally {
    await closeShards(shards);
  }
}

/**
 * `parcours analytics init --cluster NAME`: the schema on every shard of the cluster, the
 * sharded tables as local tables with Distributed tables over them (cluster.ts).
 */
export function migrateClickHouseCluster(
  ch: ClickHouse,
  cluster: string,
  shardUrls: readonly string[],
  migrations = readClickHouseMigrations(),
): Promise<ClusterInitResult> {
  return initCluster(ch, cluster, shardUrls, (shard, name) => migrateOne(shard, migrations, name));
}

/** One server's database; on a cluster's shard, `cluster` names the cluster. */
async function migrateOne(
  ch: ClickHouse,
  migrations: ClickHouseMigration[],
  cluster: string | null,
): Promise<MigrationResult> {
  const [existing] = await ch.serverQuery<{ n: number }>(
    chSql`SELECT toUInt8(count()) AS n FROM system.databases WHERE name = ${lit.str(ch.database)}`,
  );
  const created = !existing?.n;
  if (created)
    await ch.serverCommand(chSql`CREATE DATABASE IF NOT EXISTS ${lit.ident(ch.database)}`);
  await ch.command(CREATE_MIGRATIONS_TABLE);
  const recorded = await ch.query<{ version: string; name: string; checksum: string }>(
    chSql`SELECT version, name, checksum FROM schema_migrations ORDER BY version`,
  );
  const byVersion = new Map(recorded.map((r) => [r.version, r]));
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const migration of migrations) {
    const label = `${migration.version}_${migration.name}`;
    const done = byVersion.get(migration.version);
    if (done) {
      if (done.checksum !== migration.checksum) {
        throw new Error(
          `ClickHouse migration ${label} was changed after it was applied to ${ch.location}; landed migrations are never edited, add a new one`,
        );
      }
      alreadyApplied.push(label);
      continue;
    }
    for (const statement of migration.statements) {
      await ch.command(trustedSql(cluster ? shardStatement(statement) : statement));
    }
    await ch.insert("schema_migrations", [
      {
        version: migration.version,
        name: migration.name,
        checksum: migration.checksum,
        applied_us: Date.now() * 1000,
      },
    ]);
    applied.push(label);
  }
  if (cluster) await ensureShardedTables(ch, cluster);
  return { database: ch.database, created, applied, alreadyApplied };
}

/** The migrations not yet applied to the URL's database (all of them when it does not exist). */
export async function pendingClickHouseMigrations(
  ch: ClickHouse,
  migrations = readClickHouseMigrations(),
): Promise<string[]> {
  const [table] = await ch.serverQuery<{ n: number }>(
    chSql`SELECT toUInt8(count()) AS n FROM system.tables
          WHERE database = ${lit.str(ch.database)} AND name = 'schema_migrations'`,
  );
  const applied = new Set(
    table?.n
      ? (await ch.query<{ version: string }>(chSql`SELECT version FROM schema_migrations`)).map(
          (r) => r.version,
        )
      : [],
  );
  return migrations.filter((m) => !applied.has(m.version)).map((m) => `${m.version}_${m.name}`);
}
