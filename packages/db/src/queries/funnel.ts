import {
  DEFAULT_WINDOW_SECONDS,
  type TAnalyticsFilter,
  type TFunnelStep,
} from "@parcours/validators";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import type { Catalogue } from "./catalogue";
import { UnknownKeyError } from "./errors";
import { eventFilterSql, num, numOrNull, ratio, resolveFilter, seconds, ts } from "./filter";

export interface GetFunnelParams {
  filter: TAnalyticsFilter;
  steps: TFunnelStep[];
  /** Conversion window W in seconds (default 30 days). */
  windowSeconds?: number;
}

export interface FunnelStepResult {
  key: string;
  step: TFunnelStep;
  /** count_k: customers whose deepest valid chain reaches this step. */
  customers: number;
  /** count_k / count_(k-1); null for the first step or when the previous step is empty. */
  conversionFromPrevious: number | null;
  /** count_k / count_1; null when nobody entered. */
  conversionOverall: number | null;
  /** count_(k-1) − count_k; 0 for the first step. */
  dropOff: number;
  /** Median and p90 (continuous) of the fastest valid chain to this step, in seconds. */
  medianSecondsToStep: number | null;
  p90SecondsToStep: number | null;
}

export interface FunnelResult {
  steps: FunnelStepResult[];
  windowSeconds: number;
}

export function stepKey(step: TFunnelStep): string {
  const target = step.kind === "touchpoint" ? `touchpoint:${step.key}` : step.key;
  return step.type ? `${target}@${step.type}` : target;
}

function stepCondition(step: TFunnelStep, catalogue: Catalogue): SQL {
  const list = step.kind === "stage" ? catalogue.stages : catalogue.touchpoints;
  const target = list.find((item) => item.key === step.key);
  if (!target) throw new UnknownKeyError(step.kind, [step.key]);
  const column = step.kind === "stage" ? sql`e.stage_id` : sql`e.touchpoint_id`;
  const match = sql`${column} = ${target.id}`;
  return step.type ? sql`(${match} AND e.type = ${step.type})` : sql`(${match})`;
}

/**
 * Stage/touchpoint funnel with ClickHouse windowFunnel semantics (DESIGN.md).
 *
 * For each level k, s_k is the latest entry time from which a valid chain reaches step k by the
 * current row's time. It is a running max over the customer's events in time order:
 *   s_1 = latest entry (S1 event in [from, to)),
 *   s_k = latest s_(k−1) seen on an S_k row whose time is within W of it.
 * RANGE frames include rows with the same timestamp, so equal times may appear in either order
 * (t(e1) ≤ … ≤ t(ek)), and an event matching several steps can serve consecutive ones, as in
 * windowFunnel. Keeping the latest entry is optimal for depth, and t − s_(k−1) on an S_k row is
 * the fastest chain ending there, so the per-customer minimum is the time to step k.
 * Every window is partitioned by customer, so the query stays correct when events are
 * distributed by customer_id.
 */
export async function getFunnel(db: Database, params: GetFunnelParams): Promise<FunnelResult> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = await resolveFilter(db, params.filter);
  const steps = params.steps;
  if (steps.length < 2 || steps.length > 10) {
    throw new RangeError("a funnel has from 2 to 10 steps");
  }
  const conditions = steps.map((step) => stepCondition(step, f.catalogue));
  const W = seconds(windowSeconds);
  const windowClause = sql`WINDOW w AS (PARTITION BY customer_id ORDER BY t RANGE UNBOUNDED PRECEDING)`;

  const matchColumns = sql.join(
    conditions.map((c, i) => sql`${c} AS ${sql.raw(`m${i + 1}`)}`),
    sql`, `,
  );
  const anyStep = sql.join(conditions, sql` OR `);

  const levels: SQL[] = [
    sql`l1 AS (SELECT ev.*, max(CASE WHEN m1 AND t < ${ts(f.to)} THEN t END) OVER w AS s1 FROM ev ${windowClause})`,
  ];
  for (let k = 2; k <= steps.length; k++) {
    const m = sql.raw(`m${k}`);
    const prev = sql.raw(`s${k - 1}`);
    levels.push(
      sql`${sql.raw(`l${k}`)} AS (SELECT ${sql.raw(`l${k - 1}`)}.*, max(CASE WHEN ${m} AND t - ${prev} <= ${W} THEN ${prev} END) OVER w AS ${sql.raw(`s${k}`)} FROM ${sql.raw(`l${k - 1}`)} ${windowClause})`,
    );
  }
  const perCustomer: SQL[] = [sql`bool_or(s1 IS NOT NULL) AS r1`];
  for (let k = 2; k <= steps.length; k++) {
    const m = sql.raw(`m${k}`);
    const prev = sql.raw(`s${k - 1}`);
    perCustomer.push(
      sql`min(CASE WHEN ${m} AND t - ${prev} <= ${W} THEN extract(epoch FROM t - ${prev})::float8 END) AS ${sql.raw(`d${k}`)}`,
    );
  }
  const totals: SQL[] = [sql`count(*) FILTER (WHERE r1)::int AS c1`];
  for (let k = 2; k <= steps.length; k++) {
    const d = sql.raw(`d${k}`);
    totals.push(
      sql`count(${d})::int AS ${sql.raw(`c${k}`)}`,
      sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${d}) AS ${sql.raw(`p50_${k}`)}`,
      sql`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${d}) AS ${sql.raw(`p90_${k}`)}`,
    );
  }

  const query = sql`
    WITH ev AS (
      SELECT e.customer_id, e.occurred_at AS t, ${matchColumns}
      FROM events e
      WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} + ${W}
        AND (${anyStep}) AND ${eventFilterSql(f)}
    ),
    ${sql.join(levels, sql`,\n`)},
    per_customer AS (
      SELECT customer_id, ${sql.join(perCustomer, sql`, `)}
      FROM ${sql.raw(`l${steps.length}`)}
      GROUP BY customer_id
    )
    SELECT ${sql.join(totals, sql`, `)} FROM per_customer`;

  const [row] = await queryRows<Record<string, unknown>>(db, query);
  const counts = steps.map((_, i) => num(row?.[`c${i + 1}`]));
  const first = counts[0] ?? 0;
  return {
    windowSeconds,
    steps: steps.map((step, i) => {
      const count = counts[i] ?? 0;
      const previous = i === 0 ? undefined : (counts[i - 1] ?? 0);
      return {
        key: stepKey(step),
        step,
        customers: count,
        conversionFromPrevious: previous === undefined ? null : ratio(count, previous),
        conversionOverall: ratio(count, first),
        dropOff: previous === undefined ? 0 : previous - count,
        medianSecondsToStep: i === 0 ? (count > 0 ? 0 : null) : numOrNull(row?.[`p50_${i + 1}`]),
        p90SecondsToStep: i === 0 ? (count > 0 ? 0 : null) : numOrNull(row?.[`p90_${i + 1}`]),
      };
    }),
  };
}
