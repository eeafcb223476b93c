import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, lit } from "../../analytics/clickhouse/literal";
import {
  buildPathComparison,
  type GetPathComparisonParams,
  type PathComparison,
  type PathGroupMatch,
  type PathGroupSqlRow,
  planPathComparison,
} from "../path-compare";
import {
  type ClickHouseMetricParams,
  CURRENT_PERSONA,
  MEDIAN,
  PER_CUSTOMER_SETTINGS,
  percentileFromRanks,
  rankSql,
  resolve,
} from "./filter";
import { walksSql } from "./paths";

export type ClickHousePathComparisonParams = Omit<GetPathComparisonParams, "catalogue"> &
  ClickHouseMetricParams;

function matchSql(match: PathGroupMatch): ChSql {
  if (match.kind === "path") return chSql`path = ${lit.str(match.path)}`;
  // ClickHouse's persona 0 is PostgreSQL's NULL (unassigned).
  return chSql`customer_id IN (SELECT customer_id FROM (${CURRENT_PERSONA}) WHERE persona_id = ${lit.uint(match.personaId ?? 0)})`;
}

/** n, cv, rs, rn and m_lo, m_hi for every entrant; the same suffixed 0 and 1 for the sides. */
type SideColumns = Record<string, number | string | null>;

/** Two sides of the observed paths from one start, side by side, in one pass over the walks. */
export async function getPathComparison(
  ch: ClickHouse,
  params: ClickHousePathComparisonParams,
): Promise<PathComparison> {
  const f = resolve(params);
  const plan = planPathComparison(f, params);
  const [a, b] = plan.groups;
  const sums = (suffix: string, where: ChSql) => {
    const col = (name: string) => lit.ident(`${name}${suffix}`);
    return chSql`
      countIf(${where}) AS ${col("n")}, sumIf(converted, ${where}) AS ${col("cv")},
      arraySort(groupArrayIf(to_conversion, ${where} AND converted)) AS ${col("ds")},
      sumIf(rating_sum, ${where}) AS ${col("rs")}, sumIf(ratings, ${where}) AS ${col("rn")}`;
  };
  const median = (suffix: string) =>
    rankSql(lit.ident(`ds${suffix}`), lit.ident(`cv${suffix}`), MEDIAN, `m${suffix}`);
  const [row] = await ch.query<SideColumns>(chSql`
    SELECT n, cv, rs, rn, ${median("")}, n0, cv0, rs0, rn0, ${median("0")},
      n1, cv1, rs1, rn1, ${median("1")}
    FROM (
      SELECT ${sums("", chSql`1`)}, ${sums("0", chSql`in0`)}, ${sums("1", chSql`in1`)}
      FROM (
        SELECT converted, to_conversion, rating_sum, ratings,
          ${matchSql(a)} AS in0, ${matchSql(b)} AS in1
        FROM (${walksSql(plan, true)})))
    ${PER_CUSTOMER_SETTINGS}`);
  const rows: PathGroupSqlRow[] = (["", "0", "1"] as const).map((suffix, i) => {
    const n = Number(row?.[`cv${suffix}`] ?? 0);
    return {
      g: i - 1,
      customers: row?.[`n${suffix}`] ?? 0,
      converted: n,
      median_s: percentileFromRanks(n, MEDIAN, row?.[`m${suffix}_lo`], row?.[`m${suffix}_hi`]),
      rating_sum: row?.[`rs${suffix}`] ?? null,
      ratings: row?.[`rn${suffix}`] ?? 0,
    };
  });
  return buildPathComparison(plan, params, rows);
}
