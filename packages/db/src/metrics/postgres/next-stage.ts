import { type SQL, sql } from "drizzle-orm";
import type { ResolvedFilter } from "../filter";
import { nextStages } from "../heatmap";
import { eventFilterSql, seconds, ts } from "./filter";

/**
 * "Reached the next stage within W" (docs/metrics.md), the one definition behind the heatmap's
 * next-stage share and the journey map's conversion to the next stage, which the pain-point
 * rule compares. One row per touch (a filtered event in [from, to)): `customer_id`,
 * `touchpoint_id`, `stage_id`, `t`, `satisfaction`; `next_t`, the customer's first event in the
 * next stage (by position) at or after `t`, up to `to` + W; and `reached`, whether `next_t` is
 * at most W after `t` (null for the last stage, which has no next stage).
 *
 * `next_t` is a running min over the customer's events in reverse time order, one per stage,
 * picked by the touched stage's successor. It never decreases as `t` grows, so over any set of
 * touches the earliest reaching touch has the smallest `next_t` of the reaching ones.
 */
export function touchesSql(f: ResolvedFilter, windowSeconds: number): SQL {
  const W = seconds(windowSeconds);
  const nextOf = nextStages(f.catalogue.stages);
  const successors = [...new Set(nextOf.values())];
  const nextTimes: SQL[] = successors.map(
    (id) => sql`min(t) FILTER (WHERE stage_id = ${id}) OVER w AS ${sql.raw(`n${id}`)}`,
  );
  const pickNext: SQL =
    nextOf.size === 0
      ? sql`NULL::timestamptz`
      : sql`CASE stage_id ${sql.join(
          [...nextOf.entries()].map(([from, to]) => sql`WHEN ${from} THEN ${sql.raw(`n${to}`)}`),
          sql` `,
        )} END`;
  return sql`
    SELECT customer_id, touchpoint_id, stage_id, t, satisfaction,
      ${pickNext} AS next_t, ${pickNext} - t <= ${W} AS reached
    FROM (
      SELECT ev.*${nextTimes.length > 0 ? sql`, ${sql.join(nextTimes, sql`, `)}` : sql``}
      FROM (
        SELECT e.customer_id, e.touchpoint_id, e.stage_id, e.occurred_at AS t, e.satisfaction,
          e.occurred_at < ${ts(f.to)} AS touch
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} + ${W}
          AND ${eventFilterSql(f)}
      ) ev
      WINDOW w AS (PARTITION BY customer_id ORDER BY t DESC RANGE UNBOUNDED PRECEDING)
    ) nx
    WHERE touch`;
}
