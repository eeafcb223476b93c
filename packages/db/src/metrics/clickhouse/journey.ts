import { DEFAULT_WINDOW_SECONDS } from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, lit } from "../../analytics/clickhouse/literal";
import { num } from "../filter";
import {
  buildJourneyMap,
  type ConverterOrdersSqlRow,
  type GetJourneyMapParams,
  type JourneyMap,
  type JourneyStageSqlRow,
  previousPeriodFilter,
  withPainPointTrend,
} from "../journey";
import {
  type ClickHouseMetricParams,
  eventFilter,
  inPeriod,
  MEDIAN,
  ON_THE_SHARDS,
  PER_CUSTOMER_SETTINGS,
  percentileFromRanks,
  rankSql,
  resolve,
} from "./filter";
import { getTouchpointHeatmap } from "./heatmap";
import { type NextStageKeys, nextStageKeys } from "./next-stage";

export type ClickHouseJourneyMapParams = Omit<GetJourneyMapParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * The measured journey map. Per stage: its customers, and those whose touch in it reached the
 * next stage within W by the heatmap's own definition (nextStageKeys by stage), so a stage's
 * converters are exactly the customers its cells count as reaching; the delay runs from the
 * earliest reaching touch to its arrival (ranks picked in SQL, interpolated as
 * percentile_cont). The ratings from a plain grouping; the cells are the heatmap's.
 */
export async function getJourneyMap(
  ch: ClickHouse,
  params: ClickHouseJourneyMapParams,
): Promise<JourneyMap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = resolve(params);
  const stages = f.catalogue.stages;
  const keys = nextStageKeys(f, windowSeconds, { by: "stage" });
  const [reach, ratings] = await Promise.all([
    keys ? ch.query<StageReachRow>(stageReachSql(keys)) : Promise.resolve([]),
    ch.query<{ stage_id: number; sat_sum: string | null; sat_n: string }>(chSql`
      SELECT stage_id, sum(satisfaction) AS sat_sum, count(satisfaction) AS sat_n
      FROM events
      WHERE ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY stage_id`),
  ]);
  const byBlock = new Map(reach.map((r) => [Number(r.block), r]));
  const ratingsOf = new Map(ratings.map((r) => [Number(r.stage_id), r]));

  const rows: JourneyStageSqlRow[] = stages.map((stage, i) => {
    const r = byBlock.get(i + 1);
    const reached = num(r?.reached);
    return {
      stage_id: stage.id,
      customers: num(r?.customers),
      reached_next: reached,
      median_s: percentileFromRanks(reached, MEDIAN, r?.median_lo, r?.median_hi),
      sat_sum: ratingsOf.get(stage.id)?.sat_sum ?? null,
      sat_n: num(ratingsOf.get(stage.id)?.sat_n),
    };
  });
  const heatmap = await getTouchpointHeatmap(ch, {
    filter: params.filter,
    windowSeconds,
    catalogue: f.catalogue,
    cohortDefinition: params.cohortDefinition,
  });
  // The average order value of converters (docs/metrics.md): purchases in the period, after the
  // filters, by customers with an event in the conversion stage in the period.
  const conversion = stages.find((s) => s.isConversion);
  const [orders] = conversion
    ? await ch.query<ConverterOrdersSqlRow>(chSql`
        SELECT sum(rev) AS order_revenue_cents, sum(n) AS orders
        FROM (
          SELECT max(stage_id = ${lit.uint(conversion.id)}) AS converted,
            sumIf(revenue_cents, type = 'purchase') AS rev,
            countIf(type = 'purchase') AS n
          FROM events
          WHERE ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
          GROUP BY customer_id
          ${ON_THE_SHARDS})
        WHERE converted = 1
        ${PER_CUSTOMER_SETTINGS}`)
    : [];
  const map = buildJourneyMap(f, windowSeconds, rows, heatmap, orders);
  if (!params.trend) return map;
  const previous = await getJourneyMap(ch, {
    ...params,
    filter: previousPeriodFilter(params.filter, f),
    trend: false,
  });
  return withPainPointTrend(map, previous);
}

interface StageReachRow {
  block: number | string;
  customers: string;
  reached: string;
  median_lo: string | null;
  median_hi: string | null;
}

/**
 * Per stage (block: 1 + its position), its customers, the converters and the two ranks of the
 * median delay in microseconds. Per customer, the reaching touches in time order; the first of
 * each block (arrayEnumerateUniq) is the earliest, its delay (m − k) / 2 with keys by stage.
 */
function stageReachSql(keys: NextStageKeys): ChSql {
  const { timeShift, touch, reaching } = keys;
  const blockOf = chSql`bitShiftRight(k, ${timeShift})`;
  return chSql`
    SELECT block, customers, reached, ${rankSql(chSql`delays`, chSql`reached`, MEDIAN, "median")}
    FROM (
      SELECT block, count() AS customers, countIf(d >= 0) AS reached,
        arraySort(groupArrayIf(d, d >= 0)) AS delays
      FROM (
        SELECT block, if(indexOf(reached_blocks, block) > 0,
          arrayElement(reached_delays, indexOf(reached_blocks, block)), toInt64(-1)) AS d
        FROM (${keys.perCustomer(
          chSql`arrayDistinct(arrayMap(k -> ${blockOf}, arrayFilter(k -> ${touch}, rk))) AS touched,
            arrayReverse(arrayFilter((k, m) -> ${reaching}, rk, rm)) AS rr,
            arrayReverse(arrayFilter((m, k) -> ${reaching}, rm, rk)) AS mr,
            arrayMap(k -> ${blockOf}, rr) AS br,
            arrayEnumerateUniq(br) AS firsts,
            arrayFilter((b, e) -> e = 1, br, firsts) AS reached_blocks,
            arrayFilter((d, e) -> e = 1, arrayMap((k, m) -> intDiv(m - k, 2), rr, mr), firsts)
              AS reached_delays`,
          ["touched", "reached_blocks", "reached_delays"],
        )})
        ARRAY JOIN touched AS block)
      GROUP BY block)
    ${PER_CUSTOMER_SETTINGS}`;
}
