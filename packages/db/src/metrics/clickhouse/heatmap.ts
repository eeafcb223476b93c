import { DEFAULT_WINDOW_SECONDS } from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, lit } from "../../analytics/clickhouse/literal";
import type { ResolvedFilter } from "../filter";
import {
  buildHeatmap,
  type GetTouchpointHeatmapParams,
  type HeatmapCellRow,
  type TouchpointHeatmap,
} from "../heatmap";
import {
  type ClickHouseMetricParams,
  eventFilter,
  inPeriod,
  PER_CUSTOMER_SETTINGS,
  resolve,
} from "./filter";
import { nextStageKeys } from "./next-stage";

export type ClickHouseHeatmapParams = Omit<GetTouchpointHeatmapParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * Per cell, its customers and those who reached the next stage within W after touching it
 * (nextStageKeys by cell): rows of `block` (1 + the cell's stage position), `tp` (the
 * touchpoint's index in the catalogue), `customers` and `reached`; null when the catalogue has
 * no cell. The touch keys give the customer's cells (the unique counts, without a second pass
 * over the events, and with the same filters).
 */
export function cellCustomersSql(
  f: ResolvedFilter,
  windowSeconds: number,
  options: { packCells?: boolean } = {},
): ChSql | null {
  const keys = nextStageKeys(f, windowSeconds, { by: "cell", ...options });
  if (!keys) return null;
  const { packed, cellBits, timeShift, touch, reaching } = keys;
  // Cells are block · 2^32 + tp.
  const cellsOf = (condition: ChSql, withM: boolean) => {
    const args = withM ? chSql`, rm` : chSql``;
    const params = withM ? chSql`, m` : chSql``;
    return packed
      ? chSql`arrayDistinct(arrayMap(k -> bitShiftRight(k, ${timeShift}) * 4294967296
          + bitAnd(k, ${lit.int(2n ** cellBits - 1n)}), arrayFilter((k${params}) -> ${condition}, rk${args})))`
      : chSql`arrayDistinct(arrayMap((c, k) -> bitShiftRight(k, ${timeShift}) * 4294967296 + c,
          arrayFilter((c, k${params}) -> ${condition}, rc, rk${args}),
          arrayFilter((k${params}) -> ${condition}, rk${args})))`;
  };
  return chSql`
    SELECT intDiv(cell, 4294967296) AS block, cell % 4294967296 AS tp, count() AS customers,
      sum(has(reached_cells, cell)) AS reached
    FROM (${keys.perCustomer(
      chSql`${cellsOf(touch, false)} AS touched, ${cellsOf(reaching, true)} AS reached_cells`,
      ["touched", "reached_cells"],
    )})
    ARRAY JOIN touched AS cell
    GROUP BY cell
    ${PER_CUSTOMER_SETTINGS}`;
}

/**
 * Touchpoint × stage matrix: events and ratings per cell from a plain grouping; customers and
 * the next-stage share from one row per customer (cellCustomersSql).
 */
export async function getTouchpointHeatmap(
  ch: ClickHouse,
  params: ClickHouseHeatmapParams,
  options: { packCells?: boolean } = {},
): Promise<TouchpointHeatmap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = resolve(params);
  const customersSql = cellCustomersSql(f, windowSeconds, options);
  const [counts, customers] = await Promise.all([
    ch.query<{
      touchpoint_id: number;
      stage_id: number;
      events: string;
      sat_sum: string | null;
      sat_n: string;
    }>(chSql`
      SELECT touchpoint_id, stage_id, count() AS events,
        sum(satisfaction) AS sat_sum, count(satisfaction) AS sat_n
      FROM events
      WHERE ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY touchpoint_id, stage_id`),
    customersSql
      ? ch.query<{
          block: number | string;
          tp: number | string;
          customers: string;
          reached: string;
        }>(customersSql)
      : Promise.resolve([]),
  ]);
  const { stages, touchpoints } = f.catalogue;
  const byCell = new Map<string, { customers: string; reached: string }>();
  for (const r of customers) {
    const stage = stages[Number(r.block) - 1];
    const touchpoint = touchpoints[Number(r.tp)];
    if (stage && touchpoint) byCell.set(`${touchpoint.id}:${stage.id}`, r);
  }
  const rows: HeatmapCellRow[] = counts.map((c) => {
    const k = byCell.get(`${c.touchpoint_id}:${c.stage_id}`);
    return { ...c, customers: k?.customers ?? 0, reached: k?.reached ?? 0 };
  });
  return buildHeatmap(f, rows, windowSeconds);
}
