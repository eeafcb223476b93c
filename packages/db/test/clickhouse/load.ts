import { sql } from "drizzle-orm";
import type { ClickHouse } from "../../src/analytics/clickhouse/client";
import { chSql } from "../../src/analytics/clickhouse/literal";
import { type Database, queryRows } from "../../src/client";

/**
 * Copies PostgreSQL's events and customers into ClickHouse as they are now, replacing what was
 * there: the metric tests' loader when the sync itself is not under test.
 */
export async function copyToClickHouse(db: Database, ch: ClickHouse): Promise<void> {
  await ch.command(chSql`TRUNCATE TABLE events`);
  await ch.command(chSql`TRUNCATE TABLE customers`);
  const customers = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT id, external_id, coalesce(persona_id, 0) AS persona_id,
          attributes::text AS attributes, 1 AS sync_version
        FROM customers`,
  );
  await ch.insert("customers", customers);
  const events = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT event_id, customer_id, touchpoint_id, stage_id, stage_explicit::int AS stage_explicit,
          channel_id, type, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS occurred_us,
          satisfaction, ((revenue * 100)::bigint)::text AS revenue_cents,
          properties::text AS properties, 1 AS sync_version
        FROM events`,
  );
  await ch.insert("events", events);
}
