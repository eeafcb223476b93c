import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { DEFAULT_DEMO_DAYS } from "./generator";

/**
 * The demo's marketing spend per day, in cents, at the default 20,000 customers (scaled with
 * the number of customers): the paid channels only (phone has none). It gives the purchase
 * stage's cost per conversion on the journey map.
 */
const DAILY_CENTS: Record<string, number> = {
  web: 38_000,
  social: 21_000,
  store: 12_000,
  partner: 9_000,
  app: 6_000,
  email: 3_500,
};

/** Monday to Sunday: more is spent towards the weekend. */
const WEEKDAY = [1, 0.95, 0.95, 1, 1.1, 1.25, 1.2];

const DAY_MS = 86_400_000;

export interface DemoSpendRow {
  day: string;
  channel: string;
  cents: number;
}

/** One row per paid channel and UTC day the journeys cover: from end − days to end. */
export function demoSpendRows(options: {
  end: Date;
  days?: number;
  customers: number;
}): DemoSpendRow[] {
  const days = options.days ?? DEFAULT_DEMO_DAYS;
  const scale = options.customers / 20_000;
  const first = Math.floor((options.end.getTime() - days * DAY_MS) / DAY_MS);
  const last = Math.floor((options.end.getTime() - 1) / DAY_MS);
  const rows: DemoSpendRow[] = [];
  for (let d = first; d <= last; d++) {
    const date = new Date(d * DAY_MS);
    const weekday = WEEKDAY[(date.getUTCDay() + 6) % 7] ?? 1;
    for (const [channel, cents] of Object.entries(DAILY_CENTS)) {
      rows.push({
        day: date.toISOString().slice(0, 10),
        channel,
        cents: Math.round(cents * scale * weekday),
      });
    }
  }
  return rows;
}

/** Stores the demo's spend (a day and channel already stored is replaced), in one statement. */
export async function seedDemoSpend(db: Database, rows: DemoSpendRow[]): Promise<void> {
  if (rows.length === 0) return;
  await queryRows(
    db,
    sql`INSERT INTO channel_spend (day, channel_id, amount_cents)
        SELECT x.day::date, c.id, x.cents
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(day text, channel text, cents bigint)
        JOIN channels c ON c.key = x.channel
        ON CONFLICT (day, channel_id) DO UPDATE SET amount_cents = excluded.amount_cents`,
  );
}
