import { sql } from "drizzle-orm";
import { bigint, check, date, integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { channels } from "./catalogue";

/**
 * Marketing spend per day and channel (issue 18 item 1), imported from CSV (date, channel,
 * amount): the cost side of cost per conversion and cost per customer reached. Importing a day
 * and channel again replaces its amount.
 */
export const channelSpend = pgTable(
  "channel_spend",
  {
    day: date({ mode: "string" }).notNull(),
    channelId: integer()
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    /** In cents of the shop's currency, as revenue is. */
    amountCents: bigint({ mode: "number" }).notNull(),
    importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.channelId] }),
    check("channel_spend_amount", sql`${t.amountCents} >= 0`),
  ],
);
