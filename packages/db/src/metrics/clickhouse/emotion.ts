import type { ClickHouse } from "../../analytics/clickhouse/client";
import { chSql } from "../../analytics/clickhouse/literal";
import {
  buildEmotionCurve,
  type EmotionCurve,
  type EmotionSqlRow,
  type GetEmotionCurveParams,
} from "../emotion";
import {
  type ClickHouseMetricParams,
  CURRENT_PERSONA,
  eventFilter,
  inPeriod,
  ON_THE_SHARDS,
  PER_CUSTOMER_SETTINGS,
  personaOrNull,
  resolve,
} from "./filter";

export type ClickHouseEmotionCurveParams = Omit<GetEmotionCurveParams, "catalogue"> &
  ClickHouseMetricParams;

interface Group {
  persona_id: number;
  stage_id: number;
  n: string;
  sum: string;
  squares: string;
}

/**
 * Sample standard deviation from exact integer sums (ratings are 1–5): (n·Σx² − (Σx)²) is
 * computed exactly, then one division and one square root. PostgreSQL computes stddev_samp of
 * a smallint in numeric and rounds once, so the two can differ in the last bit.
 */
export function sampleStddev(n: bigint, sum: bigint, squares: bigint): number | null {
  if (n < 2n) return null;
  const numerator = n * squares - sum * sum;
  return Math.sqrt(Number(numerator) / Number(n * (n - 1n)));
}

/**
 * Average satisfaction per stage with n and spread, per persona, from integer sums per
 * (customer, stage) then per (persona, stage); the overall curve adds the personas' sums up.
 */
export async function getEmotionCurve(
  ch: ClickHouse,
  params: ClickHouseEmotionCurveParams,
): Promise<EmotionCurve> {
  const f = resolve(params);
  const groups = await ch.query<Group>(chSql`
    SELECT persona_id, stage_id, sum(cn) AS n, sum(cs) AS sum, sum(cq) AS squares
    FROM (
      SELECT customer_id, stage_id,
        count() AS cn, sum(satisfaction) AS cs, sum(satisfaction * satisfaction) AS cq
      FROM events
      WHERE satisfaction IS NOT NULL AND ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY customer_id, stage_id
      ${ON_THE_SHARDS}) AS per_customer
    ANY LEFT JOIN (${CURRENT_PERSONA}) AS current USING customer_id
    GROUP BY persona_id, stage_id
    ${PER_CUSTOMER_SETTINGS}`);
  const overall = new Map<number, { n: bigint; sum: bigint; squares: bigint }>();
  const rows: EmotionSqlRow[] = [];
  const row = (
    persona: number | null,
    isOverall: boolean,
    stage: number,
    g: { n: bigint; sum: bigint; squares: bigint },
  ): EmotionSqlRow => ({
    persona_id: persona,
    overall: isOverall,
    stage_id: stage,
    sat_sum: Number(g.sum),
    sat_n: Number(g.n),
    stddev: sampleStddev(g.n, g.sum, g.squares),
  });
  for (const g of groups) {
    const sums = { n: BigInt(g.n), sum: BigInt(g.sum), squares: BigInt(g.squares) };
    rows.push(row(personaOrNull(g.persona_id), false, g.stage_id, sums));
    const total = overall.get(g.stage_id) ?? { n: 0n, sum: 0n, squares: 0n };
    overall.set(g.stage_id, {
      n: total.n + sums.n,
      sum: total.sum + sums.sum,
      squares: total.squares + sums.squares,
    });
  }
  for (const [stage, sums] of overall) rows.push(row(null, true, stage, sums));
  return buildEmotionCurve(f, rows);
}
