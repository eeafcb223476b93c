import type { TCustomerSort } from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, lit } from "../../analytics/clickhouse/literal";
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
import {
  type ClickHouseMetricParams,
  CURRENT_PERSONA,
  eventFilter,
  inPeriod,
  PER_CUSTOMER_SETTINGS,
  resolve,
} from "./filter";
import { perCustomer, REACHED_BELOW } from "./funnel";

export type ClickHouseCustomerListParams = Omit<GetCustomerListParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * The customer ids behind the figure (column `customer_id`). The funnel's come from the same
 * per-customer walk as getFunnel's counts: level 0 reached is `entered`, level k is f_k below
 * REACHED_BELOW.
 */
function populationSql(f: ResolvedFilter, params: ClickHouseCustomerListParams): ChSql {
  const source = params.source;
  const events = chSql`${inPeriod(f.from, f.to)} AND ${eventFilter(f)}`;
  switch (source.kind) {
    case "funnel": {
      const { reach, notReach } = funnelLevels(source);
      const walk = perCustomer(
        {
          filter: params.filter,
          catalogue: params.catalogue,
          cohortDefinition: params.cohortDefinition,
          steps: source.steps,
          windowSeconds: source.windowSeconds,
        },
        false,
      );
      const reached = (level: number) =>
        level === 0
          ? chSql`entered = 1`
          : chSql`${lit.ident(`f${level}`)} < ${lit.int(REACHED_BELOW)}`;
      const condition =
        notReach === null
          ? reached(reach)
          : chSql`${reached(reach)} AND NOT (${reached(notReach)})`;
      return chSql`SELECT customer_id FROM (${walk.sql}) WHERE ${condition}`;
    }
    case "heatmap": {
      const { stageId, touchpointId } = sourceIds(source, f.catalogue);
      return chSql`SELECT DISTINCT customer_id FROM events
        WHERE ${events} AND touchpoint_id = ${lit.uint(touchpointId ?? 0)}
          AND stage_id = ${lit.uint(stageId ?? 0)}`;
    }
    case "persona-stage": {
      const { stageId, personaId } = sourceIds(source, f.catalogue);
      return chSql`SELECT DISTINCT customer_id FROM events
        WHERE ${events} AND stage_id = ${lit.uint(stageId ?? 0)}
          AND customer_id IN (SELECT customer_id FROM (${CURRENT_PERSONA})
            WHERE persona_id = ${lit.uint(personaId ?? 0)})`;
    }
    case "kpi": {
      const converters =
        source.kpi === "converters"
          ? chSql` AND stage_id = ${lit.uint(conversionStage(f.catalogue).id)}`
          : chSql``;
      return chSql`SELECT DISTINCT customer_id FROM events WHERE ${events}${converters}`;
    }
    case "retention": {
      // As getRetention: one group per customer, the first purchase over all filtered events.
      const { firstFrom, firstTo, returns } = retentionCellBounds(f, source);
      const purchase = chSql`type = ${lit.str(PURCHASE_TYPE)}`;
      const qualifies = source.mode === "purchase" ? purchase : chSql`1`;
      const returned = returns
        ? chSql` AND countIf(${qualifies} AND ${inPeriod(returns.from, returns.to)}) > 0`
        : chSql``;
      return chSql`SELECT customer_id FROM events
        WHERE ${eventFilter(f)}
        GROUP BY customer_id
        HAVING countIf(${purchase}) > 0
          AND minIf(occurred_us, ${purchase}) >= ${lit.dateUs(firstFrom)}
          AND minIf(occurred_us, ${purchase}) < ${lit.dateUs(firstTo)}${returned}`;
    }
  }
}

const SORT_COLUMNS: Record<TCustomerSort["by"], ChSql> = {
  externalId: chSql`external_id`,
  firstSeen: chSql`first_us`,
  lastSeen: chSql`last_us`,
  events: chSql`events`,
  revenue: chSql`revenue_cents`,
  rating: chSql`if(sat_n = 0, NULL, sat_sum / sat_n)`,
};

/** The drill-down list on ClickHouse: the same rows, order and total as PostgreSQL's. */
export async function getCustomerList(
  ch: ClickHouse,
  params: ClickHouseCustomerListParams,
): Promise<CustomerList> {
  const f = resolve(params);
  const sort = params.sort ?? DEFAULT_CUSTOMER_SORT;
  const offset = params.offset ?? 0;
  const limit = params.limit ?? 50;
  const population = populationSql(f, params);
  const [counted] = await ch.query<{ total: number | string }>(
    chSql`SELECT count() AS total FROM (${population}) ${PER_CUSTOMER_SETTINGS}`,
  );
  const dir = sort.dir === "asc" ? chSql`ASC` : chSql`DESC`;
  const rows = await ch.query<CustomerSqlRow>(chSql`
    SELECT external_id, persona_id, attributes, first_us, last_us, events, revenue_cents,
      sat_sum, sat_n
    FROM (
      SELECT customer_id, min(occurred_us) AS first_us, max(occurred_us) AS last_us,
        count() AS events, ifNull(sum(revenue_cents), 0) AS revenue_cents,
        sum(satisfaction) AS sat_sum, count(satisfaction) AS sat_n
      FROM events
      WHERE customer_id IN (${population}) AND ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY customer_id) AS s
    ANY LEFT JOIN (
      SELECT id AS customer_id, external_id, persona_id, attributes FROM customers FINAL
    ) AS c USING customer_id
    ORDER BY ${SORT_COLUMNS[sort.by]} ${dir} NULLS LAST, external_id ASC
    LIMIT ${lit.uint(offset)}, ${lit.uint(limit)}
    ${PER_CUSTOMER_SETTINGS}`);
  return {
    total: Number(counted?.total ?? 0),
    offset,
    limit,
    rows: buildCustomerRows(f, rows),
  };
}
