import { sql } from "drizzle-orm";
import { boolean, check, pgTable, smallint, timestamp } from "drizzle-orm/pg-core";

/**
 * One row (id 1): what admins let viewers see of customers. Customer lists and timelines are
 * personal data, so viewers see them only when an admin allows it; managers and admins always do.
 */
export const privacySettings = pgTable(
  "privacy_settings",
  {
    id: smallint().primaryKey().default(1),
    viewersSeeCustomers: boolean().notNull().default(false),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("privacy_settings_single_row", sql`${t.id} = 1`)],
);
