import { coded, type TSpendPeriod } from "@parcours/validators";
import { and, gte, lt, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { channelSpend } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { advanceDataVersion } from "./data-version";

/** One month's spend on one channel (UTC calendar months of the spend's days). */
export interface SpendMonth {
  /** YYYY-MM */
  month: string;
  channel: string;
  channelName: string;
  cents: number;
  /** Days of the month with a spend row for the channel. */
  days: number;
}

export interface SpendOverview {
  months: SpendMonth[];
  totalCents: number;
  firstDay: string | null;
  lastDay: string | null;
}

/** The stored spend per month and channel, newest month first, channels by key. */
export async function listSpendByMonth(db: Database): Promise<SpendOverview> {
  const rows = await queryRows<{
    month: string;
    channel: string;
    channel_name: string;
    cents: string | number;
    days: string | number;
  }>(
    db,
    sql`
      SELECT to_char(s.day, 'YYYY-MM') AS month, c.key AS channel, c.name AS channel_name,
        sum(s.amount_cents)::bigint AS cents, count(*)::int AS days
      FROM channel_spend s JOIN channels c ON c.id = s.channel_id
      GROUP BY 1, 2, 3
      ORDER BY 1 DESC, 2`,
  );
  const [range] = await queryRows<{ first: string | null; last: string | null }>(
    db,
    sql`SELECT min(day)::text AS first, max(day)::text AS last FROM channel_spend`,
  );
  const months = rows.map((r) => ({
    month: r.month,
    channel: r.channel,
    channelName: r.channel_name,
    cents: Number(r.cents),
    days: Number(r.days),
  }));
  return {
    months,
    totalCents: months.reduce((sum, m) => sum + m.cents, 0),
    firstDay: range?.first ?? null,
    lastDay: range?.last ?? null,
  };
}

/** Deletes the spend of the days [from, to) on every channel; answers the rows deleted. */
export async function deleteSpend(
  db: Database,
  actor: Actor,
  period: TSpendPeriod,
): Promise<{ rows: number }> {
  const rows = await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(channelSpend)
      .where(and(gte(channelSpend.day, period.from), lt(channelSpend.day, period.to)))
      .returning({ day: channelSpend.day });
    if (deleted.length > 0) {
      await recordAudit(tx, actor, {
        action: "spend.delete",
        entityType: "spend",
        entityId: `${period.from}..${period.to}`,
        message: coded("auditSpendDelete", { ...period, rows: deleted.length }),
      });
    }
    return deleted.length;
  });
  if (rows > 0) await advanceDataVersion(db);
  return { rows };
}
