import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import { firstDayFrom, type SpendReader, type SpendSet, type SpendSqlRow } from "../stage-metrics";
import { idList } from "./filter";

function channelSql(set: SpendSet): SQL {
  if (!set.channelIds) return sql`true`;
  return set.channelIds.length > 0 ? sql`s.channel_id IN (${idList(set.channelIds)})` : sql`false`;
}

/**
 * Each set's spend over the days that start in [from, to) (UTC dates), with its (day, channel)
 * rows, in one scan of channel_spend. PostgreSQL answers it for both engines: spend is small
 * and lives in the system of record.
 */
export async function readSpendSums(
  db: Database,
  from: Date,
  to: Date,
  sets: SpendSet[],
): Promise<SpendSqlRow[]> {
  if (sets.length === 0) return [];
  const columns = sets.map((set, i) => {
    const c = channelSql(set);
    return sql`sum(s.amount_cents) FILTER (WHERE ${c})::bigint AS ${sql.raw(`cents_${i}`)},
      count(*) FILTER (WHERE ${c})::bigint AS ${sql.raw(`rows_${i}`)}`;
  });
  const [row] = await queryRows<Record<string, number | string | null>>(
    db,
    sql`
      SELECT ${sql.join(columns, sql`, `)}
      FROM channel_spend s
      WHERE s.day >= ${firstDayFrom(from)}::date AND s.day < ${firstDayFrom(to)}::date`,
  );
  return sets.map((_, i) => ({
    cents: row?.[`cents_${i}`] ?? null,
    rows: row?.[`rows_${i}`] ?? 0,
  }));
}

/** The spend reader on `db`, for an engine whose events live elsewhere (ClickHouse). */
export function spendReader(db: Database): SpendReader {
  return (from, to, sets) => readSpendSums(db, from, to, sets);
}
