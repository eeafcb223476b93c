import type { ClickHouse } from "../../analytics/clickhouse/client";
import { chSql, lit } from "../../analytics/clickhouse/literal";
import { buildDrivers, type DriverRow, type Drivers, type GetDriversParams } from "../drivers";
import { conversionStage } from "../filter";
import {
  type ClickHouseMetricParams,
  eventFilter,
  inPeriod,
  ON_THE_SHARDS,
  PER_CUSTOMER_SETTINGS,
  resolve,
} from "./filter";

export type ClickHouseDriversParams = Omit<GetDriversParams, "catalogue"> & ClickHouseMetricParams;

/**
 * Touchpoint drivers: one row per customer (their stages and cells as keys touchpoint · 2^32 +
 * stage, touchpoint 0 for the whole stage; whether they converted; their mean rating), then an
 * ARRAY JOIN of the keys grouped as PostgreSQL's. Grouped by customer first.
 */
export async function getDrivers(
  ch: ClickHouse,
  params: ClickHouseDriversParams,
): Promise<Drivers> {
  const f = resolve(params);
  const conversion = conversionStage(f.catalogue);
  const rows = await ch.query<DriverRow>(chSql`
    SELECT intDiv(place, 4294967296) AS touchpoint_id, place % 4294967296 AS stage_id,
      count() AS customers,
      sum(converted) AS converted,
      sum(sn > 0) AS rated,
      sumIf(ss / sn, sn > 0) AS sat_sum,
      sumIf((ss / sn) * (ss / sn), sn > 0) AS sat_sq
    FROM (
      SELECT customer_id,
        arrayConcat(
          groupUniqArray(toUInt64(touchpoint_id) * 4294967296 + stage_id),
          groupUniqArray(toUInt64(stage_id))) AS places,
        max(stage_id = ${lit.uint(conversion.id)}) AS converted,
        sum(satisfaction) AS ss,
        count(satisfaction) AS sn
      FROM events
      WHERE ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY customer_id
      ${ON_THE_SHARDS})
    ARRAY JOIN places AS place
    GROUP BY place
    ${PER_CUSTOMER_SETTINGS}`);
  return buildDrivers(f, rows);
}
