import {
  DEFAULT_WINDOW_SECONDS,
  formatFunnelStep,
  type TBreakdown,
  type TFunnelStep,
} from "@parcours/validators";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import type { Catalogue } from "../../queries/catalogue";
import { UnknownKeyError } from "../../queries/errors";
import { type ResolvedFilter, ratio } from "../filter";
import {
  type FunnelBreakdown,
  type FunnelBucket,
  type FunnelResult,
  type GetFunnelParams,
  type PersonaFunnel,
  personaFunnels,
  personaSeries,
  topValues,
  type ValueBreakdown,
  valueSeries,
} from "../funnel";
import { bucketArithmetic, buildFunnelBuckets, funnelBucketLayout } from "../funnel-buckets";
import {
  buildFunnelTimes,
  type FunnelTimes,
  funnelTimeBin,
  funnelTimeLayout,
} from "../funnel-times";
import { breakdownValueSql } from "./breakdown";
import { eventFilterSql, resolveFilter, seconds, ts } from "./filter";
import { type CustomerPath, EXCLUSION_BIT, percentileCont, walkCustomer } from "./funnel-walk";

function stepCondition(step: TFunnelStep, catalogue: Catalogue): SQL {
  const list = step.kind === "stage" ? catalogue.stages : catalogue.touchpoints;
  const target = list.find((item) => item.key === step.key);
  if (!target) throw new UnknownKeyError(step.kind, [step.key]);
  const column = step.kind === "stage" ? sql`e.stage_id` : sql`e.touchpoint_id`;
  const match = sql`${column} = ${target.id}`;
  return step.type ? sql`(${match} AND e.type = ${step.type})` : sql`(${match})`;
}

/** The events excluded before a step (touchpoint or type), or null when it excludes nothing. */
function exclusionCondition(step: TFunnelStep, catalogue: Catalogue): SQL | null {
  const keys = step.exclude?.touchpoints ?? [];
  const types = step.exclude?.types ?? [];
  if (keys.length === 0 && types.length === 0) return null;
  const ids = keys.map((key) => catalogue.touchpoints.find((t) => t.key === key)?.id);
  const unknown = keys.filter((_, i) => ids[i] === undefined);
  if (unknown.length > 0) throw new UnknownKeyError("touchpoint", unknown);
  const parts: SQL[] = [];
  if (keys.length > 0) {
    parts.push(
      sql`e.touchpoint_id IN (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  if (types.length > 0) {
    parts.push(
      sql`e.type IN (${sql.join(
        types.map((type) => sql`${type}`),
        sql`, `,
      )})`,
    );
  }
  return sql`(${sql.join(parts, sql` OR `)})`;
}

export interface WalkedFunnel {
  filter: ResolvedFilter;
  windowSeconds: number;
  paths: (CustomerPath & { persona: number | null; customerId: number; value: string | null })[];
}

/**
 * SQL selects the events that match any step (after the event and customer filters) and
 * groups them per customer in time order; the chain search is then the one pass DESIGN.md
 * describes, over each customer's sequence. (A pure-SQL version needs one window pass per step
 * and was three times slower at 1M events.) Grouping by customer keeps it correct when events
 * are distributed by customer_id.
 */
export async function walkFunnel(
  db: Database,
  params: GetFunnelParams,
  withPersona: boolean,
  breakdown?: ValueBreakdown,
): Promise<WalkedFunnel> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const steps = params.steps;
  if (steps.length < 2 || steps.length > 10) {
    throw new RangeError("a funnel has from 2 to 10 steps");
  }
  const conditions = steps.map((step) => stepCondition(step, f.catalogue));
  // The first step has no previous one: its exclusion, if any, is refused by the schemas.
  const exclusions = steps.map((step, k) =>
    k === 0 ? null : exclusionCondition(step, f.catalogue),
  );
  const matches = [
    ...conditions.map((c, i) => ({ c, bit: 1 << i })),
    ...exclusions.flatMap((c, k) => (c ? [{ c, bit: 1 << (EXCLUSION_BIT + k) }] : [])),
  ];
  const mask = sql.join(
    matches.map(({ c, bit }) => sql`CASE WHEN ${c} THEN ${bit} ELSE 0 END`),
    sql` + `,
  );
  const persona = withPersona
    ? sql`(SELECT c.persona_id FROM customers c WHERE c.id = e.customer_id)`
    : sql`NULL::int`;
  const first = conditions[0] ?? sql`false`;
  // An attribute: the customer's now. A property: its value on the customer's first entry, the
  // earliest step-1 event in the period (ties: the least event id in byte order).
  const value = breakdown
    ? breakdownValueSql(breakdown, sql`${first} AND e.occurred_at < ${ts(f.to)}`)
    : sql`NULL::text`;
  // Times travel as whole microseconds after `from`: exact, and well inside 2^53. date_part
  // (float8) rather than extract (numeric), which made building the strings three times slower.
  const rows = await queryRows<{
    seq: string;
    persona_id: number | null;
    customer_id: number;
    value: string | null;
  }>(
    db,
    sql`
      SELECT e.customer_id, ${persona} AS persona_id, ${value} AS value,
        string_agg(
          round(date_part('epoch', e.occurred_at - ${ts(f.from)}) * 1000000)::bigint || ':' || (${mask}),
          ',' ORDER BY e.occurred_at) AS seq
      FROM events e
      WHERE e.occurred_at >= ${ts(f.from)}
        AND e.occurred_at < ${ts(f.to)} + ${seconds(windowSeconds)}
        AND (${sql.join(
          matches.map(({ c }) => c),
          sql` OR `,
        )}) AND ${eventFilterSql(f)}
      GROUP BY e.customer_id`,
  );
  const periodMicros = (f.to.getTime() - f.from.getTime()) * 1000;
  const paths = rows.map((row) => ({
    ...walkCustomer(row.seq, steps.length, periodMicros, windowSeconds * 1e6),
    persona: row.persona_id,
    customerId: row.customer_id,
    value: row.value,
  }));
  return { filter: f, windowSeconds, paths };
}

function summarise(
  steps: TFunnelStep[],
  paths: CustomerPath[],
  windowSeconds: number,
): FunnelResult {
  const durations: number[][] = steps.map(() => []);
  for (const path of paths) {
    path.fastest.forEach((micros, k) => {
      if (micros !== null) durations[k]?.push(micros / 1e6);
    });
  }
  const counts = durations.map((d) => d.length);
  const first = counts[0] ?? 0;
  return {
    windowSeconds,
    steps: steps.map((step, i) => {
      const count = counts[i] ?? 0;
      const previous = i === 0 ? undefined : (counts[i - 1] ?? 0);
      const sorted = (durations[i] ?? []).sort((a, b) => a - b);
      return {
        key: formatFunnelStep(step),
        step,
        customers: count,
        conversionFromPrevious: previous === undefined ? null : ratio(count, previous),
        conversionOverall: ratio(count, first),
        dropOff: previous === undefined ? 0 : previous - count,
        medianSecondsToStep: percentileCont(sorted, 0.5),
        p90SecondsToStep: percentileCont(sorted, 0.9),
      };
    }),
  };
}

/** Stage/touchpoint funnel with ClickHouse windowFunnel semantics (DESIGN.md, docs/metrics.md). */
export async function getFunnel(db: Database, params: GetFunnelParams): Promise<FunnelResult> {
  const walked = await walkFunnel(db, params, false);
  return summarise(params.steps, walked.paths, walked.windowSeconds);
}

/** The same funnel for each persona (and unassigned customers), from one pass. */
export async function getFunnelByPersona(
  db: Database,
  params: GetFunnelParams,
): Promise<{ personas: PersonaFunnel[] }> {
  const walked = await walkFunnel(db, params, true);
  const f = walked.filter;
  return {
    personas: personaFunnels(f, (id) =>
      summarise(
        params.steps,
        walked.paths.filter((p) => p.persona === id),
        walked.windowSeconds,
      ),
    ),
  };
}

/**
 * The funnel broken down by persona, a customer attribute or an event property: the top values
 * by customers who entered, then `other` and `none` (docs/metrics.md), from one pass.
 */
export async function getFunnelBreakdown(
  db: Database,
  params: GetFunnelParams & { breakdown: TBreakdown },
): Promise<FunnelBreakdown> {
  const { breakdown } = params;
  if (breakdown.kind === "persona") {
    return personaSeries((await getFunnelByPersona(db, params)).personas);
  }
  const walked = await walkFunnel(db, params, false, breakdown);
  const entered = new Map<string, number>();
  let none = 0;
  for (const path of walked.paths) {
    if (path.fastest[0] === null || path.fastest[0] === undefined) continue;
    if (path.value === null) none++;
    else entered.set(path.value, (entered.get(path.value) ?? 0) + 1);
  }
  const top = topValues(entered, breakdown.top);
  const kept = new Set(top);
  const other = [...entered].reduce((sum, [v, n]) => sum + (kept.has(v) ? 0 : n), 0);
  return valueSeries(breakdown, top, { other, none }, (group) =>
    summarise(
      params.steps,
      walked.paths.filter((p) =>
        group.kind === "value"
          ? p.value === group.value
          : group.kind === "none"
            ? p.value === null
            : p.value !== null && !kept.has(p.value),
      ),
      walked.windowSeconds,
    ),
  );
}

/**
 * Conversion over time: customers bucketed by their first entry, by UTC day or ISO week, each
 * bucket marked partial (cut by the period) and complete (W has passed for all its entrants).
 */
export async function getFunnelOverTime(
  db: Database,
  params: GetFunnelParams & { bucket: "day" | "week"; now?: Date },
): Promise<{ buckets: FunnelBucket[] }> {
  // Before any work: the buckets are built in memory, one per day or week of the period.
  const layout = funnelBucketLayout(params.filter.from, params.filter.to, params.bucket);
  const walked = await walkFunnel(db, params, false);
  const {
    offsetMicros,
    sizeMicros,
    last: lastBucket,
  } = bucketArithmetic(layout, walked.filter.from);
  const entered = new Array<number>(layout.count).fill(0);
  const converted = new Array<number>(layout.count).fill(0);
  const last = params.steps.length - 1;
  for (const path of walked.paths) {
    if (path.firstEntry === null) continue;
    const b = Math.min(lastBucket, Math.floor((path.firstEntry + offsetMicros) / sizeMicros));
    entered[b] = (entered[b] ?? 0) + 1;
    if (path.fastest[last] !== null) converted[b] = (converted[b] ?? 0) + 1;
  }
  return {
    buckets: buildFunnelBuckets(
      layout,
      walked.filter,
      { entered, converted },
      walked.windowSeconds,
      params.now ?? new Date(),
    ),
  };
}

/**
 * Time to each step as a histogram: the fastest valid chain of every customer who reached the
 * step (the times behind its median and p90), binned by funnel-times.ts.
 */
export async function getFunnelTimes(db: Database, params: GetFunnelParams): Promise<FunnelTimes> {
  const walked = await walkFunnel(db, params, false);
  const layout = funnelTimeLayout(walked.windowSeconds);
  const counts = params.steps.slice(1).map(() => new Array<number>(layout.count).fill(0));
  for (const path of walked.paths) {
    path.fastest.forEach((micros, k) => {
      const row = counts[k - 1];
      if (k === 0 || micros === null || !row) return;
      const b = funnelTimeBin(micros, layout);
      row[b] = (row[b] ?? 0) + 1;
    });
  }
  return buildFunnelTimes(params.steps, walked.windowSeconds, layout, counts);
}
