import { DEFAULT_WINDOW_SECONDS } from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import { num } from "../filter";
import {
  buildJourneyMap,
  type GetJourneyMapParams,
  type JourneyMap,
  type JourneyStageSqlRow,
} from "../journey";
import {
  type ClickHouseMetricParams,
  eventFilter,
  MEDIAN,
  micros,
  PER_CUSTOMER_SETTINGS,
  percentileFromRanks,
  rankSql,
  resolve,
} from "./filter";
import { getTouchpointHeatmap } from "./heatmap";

export type ClickHouseJourneyMapParams = Omit<GetJourneyMapParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * The measured journey map. Per customer and stage: the first event in the stage during the
 * period, and the first event of the next stage at or after it and at most W later (from the
 * customer's next-stage times); then per stage the customers, the converters, the median delay
 * (ranks picked in SQL, interpolated as percentile_cont) and the ratings. The cells are the
 * heatmap's.
 */
export async function getJourneyMap(
  ch: ClickHouse,
  params: ClickHouseJourneyMapParams,
): Promise<JourneyMap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = resolve(params);
  const stages = f.catalogue.stages;
  const from = lit.dateUs(f.from);
  const rel = chSql`(occurred_us - ${from})`;
  const W = micros(windowSeconds);
  const touch = chSql`occurred_us < ${lit.dateUs(f.to)}`;
  const id = (name: string, i: number) => lit.ident(`${name}${i}`);

  const perCustomer: ChSql[] = [];
  const withDelay: ChSql[] = [];
  const totals: ChSql[] = [];
  const picks: ChSql[] = [];
  stages.forEach((stage, i) => {
    const inStage = chSql`stage_id = ${lit.uint(stage.id)} AND ${touch}`;
    perCustomer.push(chSql`
      countIf(${inStage}) AS ${id("n", i)},
      minIf(${rel}, ${inStage}) AS ${id("f", i)},
      sumIf(satisfaction, ${inStage}) AS ${id("ss", i)},
      countIf(satisfaction IS NOT NULL AND ${inStage}) AS ${id("sn", i)}`);
    withDelay.push(chSql`${id("n", i)}, ${id("ss", i)}, ${id("sn", i)}`);
    totals.push(chSql`
      countIf(${id("n", i)} > 0) AS ${id("customers", i)},
      sum(${id("ss", i)}) AS ${id("sat_sum", i)},
      sum(${id("sn", i)}) AS ${id("sat_n", i)}`);
    picks.push(
      chSql`${id("customers", i)}, ${id("sat_sum", i)}, ${id("sat_n", i)}, ${id("reached", i)}`,
    );
    const next = stages[i + 1];
    if (next) {
      perCustomer.push(
        chSql`groupArrayIf(${rel}, stage_id = ${lit.uint(next.id)}) AS ${id("a", i)}`,
      );
      // The first next-stage time in [first, first + W], as a delay; -1 when there is none.
      withDelay.push(chSql`
        arrayFilter(u -> u >= ${id("f", i)} AND u - ${id("f", i)} <= ${W}, ${id("a", i)})
          AS ${id("h", i)},
        if(${id("n", i)} > 0 AND notEmpty(${id("h", i)}),
          arrayReduce('min', ${id("h", i)}) - ${id("f", i)}, toInt64(-1)) AS ${id("d", i)}`);
      totals.push(chSql`
        countIf(${id("d", i)} >= 0) AS ${id("reached", i)},
        arraySort(groupArrayIf(${id("d", i)}, ${id("d", i)} >= 0)) AS ${id("delays", i)}`);
      picks.push(rankSql(id("delays", i), id("reached", i), MEDIAN, `median${i}`));
    } else {
      totals.push(chSql`0 AS ${id("reached", i)}`);
    }
  });

  const [row] = await ch.query<Record<string, number | string | null>>(chSql`
    SELECT ${joinSql(picks, ", ")}
    FROM (
      SELECT ${joinSql(totals, ", ")}
      FROM (
        SELECT ${joinSql(withDelay, ", ")}
        FROM (
          SELECT customer_id, ${joinSql(perCustomer, ", ")}
          FROM events
          WHERE occurred_us >= ${from} AND occurred_us < ${lit.dateUs(f.to)} + ${W}
            AND ${eventFilter(f)}
          GROUP BY customer_id)))
    ${PER_CUSTOMER_SETTINGS}`);

  const rows: JourneyStageSqlRow[] = stages.map((stage, i) => {
    const reached = num(row?.[`reached${i}`]);
    return {
      stage_id: stage.id,
      customers: num(row?.[`customers${i}`]),
      reached_next: reached,
      median_s: percentileFromRanks(
        reached,
        MEDIAN,
        row?.[`median${i}_lo`],
        row?.[`median${i}_hi`],
      ),
      sat_sum: row?.[`sat_sum${i}`] ?? null,
      sat_n: num(row?.[`sat_n${i}`]),
    };
  });
  const heatmap = await getTouchpointHeatmap(ch, {
    filter: params.filter,
    windowSeconds,
    catalogue: f.catalogue,
  });
  return buildJourneyMap(f, windowSeconds, rows, heatmap);
}
