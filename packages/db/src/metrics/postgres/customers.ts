import type { TCustomerSort } from "@parcours/validators";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildCustomerRows,
  type CustomerList,
  type CustomerSqlRow,
  DEFAULT_CUSTOMER_SORT,
  funnelLevels,
  type GetCustomerListParams,
  sourceIds,
} from "../customers";
import { conversionStage, type ResolvedFilter } from "../filter";
import { PURCHASE_TYPE, retentionCellBounds } from "../retention";
import { eventFilterSql, REVENUE_CENTS, resolveFilter, ts } from "./filter";
import { walkFunnel } from "./funnel";

/**
 * The customer ids behind the figure, as a query with one column `customer_id` (each once).
 * The funnel's come from the same walk as getFunnel, so its counts and these lists cannot differ.
 */
async function populationSql(
  db: Database,
  f: ResolvedFilter,
  params: GetCustomerListParams,
): Promise<SQL> {
  const source = params.source;
  const inPeriod = sql`e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} AND ${eventFilterSql(f)}`;
  switch (source.kind) {
    case "funnel": {
      const { reach, notReach } = funnelLevels(source);
      const walked = await walkFunnel(
        db,
        {
          filter: params.filter,
          catalogue: f.catalogue,
          steps: source.steps,
          windowSeconds: source.windowSeconds,
        },
        false,
      );
      const ids = walked.paths
        .filter(
          (p) => p.fastest[reach] !== null && (notReach === null || p.fastest[notReach] === null),
        )
        .map((p) => p.customerId);
      // One text parameter however many ids: a parameter per id would hit the protocol's 65,535.
      return sql`SELECT unnest(string_to_array(${ids.join(",")}, ',')::int[]) AS customer_id`;
    }
    case "heatmap": {
      const { stageId, touchpointId } = sourceIds(source, f.catalogue);
      return sql`SELECT DISTINCT e.customer_id FROM events e
        WHERE ${inPeriod} AND e.touchpoint_id = ${touchpointId} AND e.stage_id = ${stageId}`;
    }
    case "persona-stage": {
      const { stageId, personaId } = sourceIds(source, f.catalogue);
      const persona =
        personaId === null || personaId === undefined
          ? sql`c.persona_id IS NULL`
          : sql`c.persona_id = ${personaId}`;
      return sql`SELECT DISTINCT e.customer_id FROM events e
        WHERE ${inPeriod} AND e.stage_id = ${stageId}
          AND EXISTS (SELECT 1 FROM customers c WHERE c.id = e.customer_id AND ${persona})`;
    }
    case "kpi": {
      const converters =
        source.kpi === "converters"
          ? sql` AND e.stage_id = ${conversionStage(f.catalogue).id}`
          : sql``;
      return sql`SELECT DISTINCT e.customer_id FROM events e WHERE ${inPeriod}${converters}`;
    }
    case "retention": {
      // As getRetention: the first purchase over all the customer's filtered events places them.
      const { firstFrom, firstTo, returns } = retentionCellBounds(f, source);
      const qualifies = source.mode === "purchase" ? sql`e.type = ${PURCHASE_TYPE}` : sql`true`;
      const returned = returns
        ? sql` WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = firsts.customer_id
            AND ${qualifies} AND ${eventFilterSql(f)}
            AND e.occurred_at >= ${ts(returns.from)} AND e.occurred_at < ${ts(returns.to)})`
        : sql``;
      return sql`SELECT firsts.customer_id FROM (
          SELECT e.customer_id FROM events e
          WHERE e.type = ${PURCHASE_TYPE} AND ${eventFilterSql(f)}
          GROUP BY e.customer_id
          HAVING min(e.occurred_at) >= ${ts(firstFrom)} AND min(e.occurred_at) < ${ts(firstTo)}
        ) firsts${returned}`;
    }
  }
}

const SORT_COLUMNS: Record<TCustomerSort["by"], SQL> = {
  externalId: sql`c.external_id COLLATE "C"`,
  firstSeen: sql`s.first_at`,
  lastSeen: sql`s.last_at`,
  events: sql`s.events`,
  revenue: sql`coalesce(s.revenue_cents, 0)`,
  rating: sql`s.sat_sum::float8 / nullif(s.sat_n, 0)`,
};

/** The drill-down list: one page, sorted, with the population's total. */
export async function getCustomerList(
  db: Database,
  params: GetCustomerListParams,
): Promise<CustomerList> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const sort = params.sort ?? DEFAULT_CUSTOMER_SORT;
  const offset = params.offset ?? 0;
  const limit = params.limit ?? 50;
  const population = await populationSql(db, f, params);
  const dir = sort.dir === "asc" ? sql`ASC` : sql`DESC`;
  const [counted] = await queryRows<{ total: number }>(
    db,
    sql`SELECT count(*)::int AS total FROM (${population}) p`,
  );
  // Every customer in a population has an event in the period that passes the filters (an
  // entry, a touch, an event in the stage), so the join keeps them all. Ties are broken by
  // external id in byte order, as ClickHouse sorts strings, so both engines page alike.
  const rows = await queryRows<CustomerSqlRow>(
    db,
    sql`
      WITH p AS (${population}),
      s AS (
        SELECT e.customer_id, min(e.occurred_at) AS first_at, max(e.occurred_at) AS last_at,
          count(*)::int AS events, sum(${REVENUE_CENTS}) AS revenue_cents,
          sum(e.satisfaction) AS sat_sum, count(e.satisfaction)::int AS sat_n
        FROM events e
        WHERE e.customer_id IN (SELECT customer_id FROM p)
          AND e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
          AND ${eventFilterSql(f)}
        GROUP BY e.customer_id
      )
      SELECT c.external_id, c.persona_id, c.attributes,
        round(date_part('epoch', s.first_at) * 1000000)::bigint::text AS first_us,
        round(date_part('epoch', s.last_at) * 1000000)::bigint::text AS last_us,
        s.events, s.revenue_cents::text AS revenue_cents, s.sat_sum::float8 AS sat_sum, s.sat_n
      FROM s JOIN customers c ON c.id = s.customer_id
      ORDER BY ${SORT_COLUMNS[sort.by]} ${dir} NULLS LAST, c.external_id COLLATE "C" ASC
      LIMIT ${limit} OFFSET ${offset}`,
  );
  return { total: counted?.total ?? 0, offset, limit, rows: buildCustomerRows(f, rows) };
}
