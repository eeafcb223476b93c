import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildEmotionCurve,
  type EmotionCurve,
  type EmotionSqlRow,
  type GetEmotionCurveParams,
} from "../emotion";
import { eventFilterSql, resolveFilter, ts } from "./filter";

/** Average satisfaction per stage with n and spread, overall and per persona. */
export async function getEmotionCurve(
  db: Database,
  params: GetEmotionCurveParams,
): Promise<EmotionCurve> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const rows = await queryRows<EmotionSqlRow>(
    db,
    sql`
      SELECT c.persona_id, grouping(c.persona_id) = 1 AS overall, e.stage_id,
        sum(e.satisfaction)::float8 AS sat_sum,
        count(*)::int AS sat_n,
        stddev_samp(e.satisfaction)::float8 AS stddev
      FROM events e
      JOIN customers c ON c.id = e.customer_id
      WHERE e.satisfaction IS NOT NULL
        AND e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
        AND ${eventFilterSql(f)}
      GROUP BY GROUPING SETS ((e.stage_id), (c.persona_id, e.stage_id))`,
  );

  return buildEmotionCurve(f, rows);
}
