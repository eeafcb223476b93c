import {
  DEFAULT_WINDOW_SECONDS,
  formatFunnelStep,
  type TBreakdown,
  type TFunnelStep,
} from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import type { Catalogue } from "../../queries/catalogue";
import { UnknownKeyError } from "../../queries/errors";
import { num, type ResolvedFilter, ratio } from "../filter";
import {
  type FunnelBreakdown,
  type FunnelBucket,
  type FunnelResult,
  type GetFunnelParams,
  type PersonaFunnel,
  personaFunnels,
  personaSeries,
  type ValueBreakdown,
  valueSeries,
} from "../funnel";
import { bucketArithmetic, buildFunnelBuckets, funnelBucketLayout } from "../funnel-buckets";
import { buildFunnelTimes, type FunnelTimes, funnelTimeLayout } from "../funnel-times";
import { firstProperties, propertyValue, withAttributeValue } from "./breakdown";
import {
  type ClickHouseMetricParams,
  CURRENT_PERSONA,
  eventFilter,
  MEDIAN,
  micros,
  ON_THE_SHARDS,
  P90,
  PER_CUSTOMER_SETTINGS,
  percentileFromRanks,
  personaOrNull,
  rankSql,
  resolve,
} from "./filter";

export type ClickHouseFunnelParams = Omit<GetFunnelParams, "catalogue"> & ClickHouseMetricParams;

/**
 * The funnel of docs/metrics.md on ClickHouse, equal to PostgreSQL's walk (funnel-walk.ts),
 * ties included. ClickHouse 18.16 has neither window functions nor arrayFold, so the walk is
 * rewritten as array passes, one per step, over each customer's matching events:
 *
 * - every (event, step it matches) pair becomes a key t·32 + k (t: microseconds after `from`),
 *   sorted per customer. At equal times step k−1 sorts before step k, so a level reads every
 *   event of the level below at the same instant (ties in any order), and one event matching
 *   two consecutive steps serves both, as in the walk;
 * - an event excluded before step k (docs/metrics.md, exclusions) becomes a key t·32 + 16 + k,
 *   after every step at its instant, so it cuts only what comes after that instant. A step k
 *   event extends level k−1 when the latest exclusion before it is not after the latest event
 *   valid at level k−1 (both running maxima, as below); that event also carries level k−1's
 *   latest entry, since entries only grow, so this is the walk's check exactly;
 * - level 0 holds, at each position, the latest entry so far; level k the latest entry from
 *   which a valid chain reaches step k by then. That is a running maximum of the entries valid
 *   at each position, which 18.16 computes in O(n) without lambdas reaching across elements:
 *   with u = −(valid entry) (or NONE), s = arrayCumSumNonNegative(arrayDifference(u)) holds
 *   max(so far) − value, so the running maximum is s − u;
 * - the fastest chain to step k is the least t − entry over the positions valid at level k.
 *
 * Everything per customer happens in one SELECT that groups by customer_id, before anything is
 * summed: on a cluster, each shard walks its own customers (ON_THE_SHARDS) and sends one row
 * per customer, the initiator only sums (issue 14).
 */

/** "No entry": far below any time, yet t + NONE cannot overflow Int64. */
const NONE = 2n ** 61n;
/** A fastest time at or above this is "not reached" (t + NONE). */
export const REACHED_BELOW = 2n ** 60n;
/** Keys are t·32 + code: a step 0–9, an exclusion before step k 16 + k, NO_STEP for none. */
const CODE_BITS = 5;
const EXCLUDED = 16;
const NO_STEP = 31;

function stepCondition(step: TFunnelStep, catalogue: Catalogue): ChSql {
  const list = step.kind === "stage" ? catalogue.stages : catalogue.touchpoints;
  const target = list.find((item) => item.key === step.key);
  if (!target) throw new UnknownKeyError(step.kind, [step.key]);
  const match =
    step.kind === "stage"
      ? chSql`stage_id = ${lit.uint(target.id)}`
      : chSql`touchpoint_id = ${lit.uint(target.id)}`;
  return step.type ? chSql`(${match} AND type = ${lit.str(step.type)})` : chSql`(${match})`;
}

/** The events excluded before a step (touchpoint or type), or null when it excludes nothing. */
function exclusionCondition(step: TFunnelStep, catalogue: Catalogue): ChSql | null {
  const keys = step.exclude?.touchpoints ?? [];
  const types = step.exclude?.types ?? [];
  if (keys.length === 0 && types.length === 0) return null;
  const ids = keys.map((key) => catalogue.touchpoints.find((t) => t.key === key)?.id);
  const unknown = keys.filter((_, i) => ids[i] === undefined);
  if (unknown.length > 0) throw new UnknownKeyError("touchpoint", unknown);
  const parts: ChSql[] = [];
  if (keys.length > 0) {
    parts.push(
      chSql`touchpoint_id IN (${joinSql(
        ids.map((id) => lit.uint(id ?? 0)),
        ", ",
      )})`,
    );
  }
  if (types.length > 0) {
    parts.push(
      chSql`type IN (${joinSql(
        types.map((type) => lit.str(type)),
        ", ",
      )})`,
    );
  }
  return chSql`(${joinSql(parts, " OR ")})`;
}

/** Whether no event can match two of the steps (then each event yields one key, not an array). */
function disjoint(steps: TFunnelStep[]): boolean {
  return steps.every((a, i) =>
    steps.every(
      (b, j) =>
        j <= i ||
        (a.kind === b.kind &&
          (a.key !== b.key || (a.type !== undefined && b.type !== undefined && a.type !== b.type))),
    ),
  );
}

export interface PerCustomer {
  sql: ChSql;
  f: ResolvedFilter;
  windowSeconds: number;
}

/**
 * One row per customer who has a matching event: `entered` (0/1), `first_entry` (microseconds
 * after `from` of the first entry) and f1…f(n−1), the fastest chain to each later step
 * (≥ REACHED_BELOW when not reached), plus persona_id when asked for.
 */
export function perCustomer(
  params: ClickHouseFunnelParams,
  withPersona: boolean,
  breakdown?: ValueBreakdown,
): PerCustomer {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = resolve(params);
  const steps = params.steps;
  if (steps.length < 2 || steps.length > 10) {
    throw new RangeError("a funnel has from 2 to 10 steps");
  }
  const conditions = steps.map((step) => stepCondition(step, f.catalogue));
  const from = lit.dateUs(f.from);
  const rel = chSql`(occurred_us - ${from})`;
  const W = micros(windowSeconds);
  const period = lit.int(BigInt(f.to.getTime() - f.from.getTime()) * 1000n);
  const none = lit.int(NONE);

  // The first step has no previous one: its exclusion, if any, is refused by the schemas.
  const exclusions = steps.map((step, k) =>
    k === 0 ? null : exclusionCondition(step, f.catalogue),
  );
  const matches = [
    ...conditions.map((c, k) => ({ c, code: k })),
    ...exclusions.flatMap((c, k) => (c ? [{ c, code: EXCLUDED + k }] : [])),
  ];
  const shift = 2 ** CODE_BITS;
  const keys =
    disjoint(steps) && matches.length === conditions.length
      ? chSql`groupArray(${rel} * ${lit.int(shift)} + multiIf(${joinSql(
          conditions.map((c, k) => chSql`${c}, ${lit.int(k)}`),
          ", ",
        )}, ${lit.int(NO_STEP)}))`
      : chSql`groupArrayArray(arrayFilter(x -> x >= 0, [${joinSql(
          matches.map(
            ({ c, code }) =>
              chSql`if(${c}, ${rel} * ${lit.int(shift)} + ${lit.int(code)}, toInt64(-1))`,
          ),
          ", ",
        )}]))`;
  // A leading -1 (low bits all set: no step) gives every array a slot for the running maximum's
  // starting value, so arrayDifference needs no shifted copy.
  // A property: its value on the first entry, the earliest step-1 event in the period (ties: the
  // least event id), as PostgreSQL's walk reads it.
  // The whole walk is expressions over this one SELECT's groupArray, so that on a cluster it runs
  // where the customer's events are (ON_THE_SHARDS).
  const walk: ChSql[] = [
    chSql`arrayPushFront(arraySort(${keys}), toInt64(-1)) AS ks`,
    // Times and step numbers apart, once: every level reads them (the leading -1 gives t -1 and
    // NO_STEP).
    chSql`arrayMap(x -> bitShiftRight(x, ${lit.int(CODE_BITS)}), ks) AS ts`,
    chSql`arrayMap(x -> toUInt8(bitAnd(x, ${lit.int(NO_STEP)})), ks) AS lv`,
    chSql`arrayMap((t, l) -> if(l = 0 AND t >= 0 AND t < ${period}, -t, toInt64(${none})), ts, lv)
        AS u0`,
    chSql`arrayCumSumNonNegative(arrayDifference(u0)) AS s0`,
    chSql`s0[-1] - u0[-1] >= 0 AS entered`,
    chSql`arrayFirst((t, l) -> l = 0 AND t >= 0 AND t < ${period}, ts, lv) AS first_entry`,
  ];
  if (breakdown?.kind === "property") {
    walk.push(
      firstProperties(chSql`${conditions[0] ?? chSql`0`} AND occurred_us < ${lit.dateUs(f.to)}`),
    );
  }
  const kept = ["customer_id", "entered", "first_entry"];
  const n = steps.length;
  for (let k = 1; k < n; k++) {
    // Level k reads level k − 1's running maximum. 18.16 expands every alias where it is used:
    // written as u(k−1) and s(k−1) side by side, level k would hold two copies of level k − 1,
    // 2^k in all (ten steps: "AST is too big"). Passed into a lambda as [u(k−1)], it is one copy,
    // and v names it inside.
    // u − s is −(latest entry reaching step k − 1 by then); t + (u − s) the chain's length.
    // With exclusions, o says whether the latest exclusion before step k so far (xm − xs: its
    // −time, running as u − s does) is not after the latest event valid at level k − 1 (lt − ls).
    const u = lit.ident(`u${k}`);
    const prev = lit.ident(`u${k - 1}`);
    if (exclusions[k] !== null) {
      const runningV = chSql`arrayCumSumNonNegative(arrayDifference(v))`;
      const lt = chSql`arrayMap((t, u) -> if(u = toInt64(${none}), toInt64(${none}), -t), ts, v)`;
      const xm = chSql`arrayMap((t, l) -> if(l = ${lit.int(EXCLUDED + k)}, -t, toInt64(${none})), ts, lv)`;
      const ok = chSql`arrayMap((a, b, c, d) -> c - d >= a - b, ${lt},
            arrayCumSumNonNegative(arrayDifference(${lt})), ${xm},
            arrayCumSumNonNegative(arrayDifference(${xm})))`;
      const level = chSql`arrayMap((l, t, s, u, o) -> if(l = ${lit.int(k)} AND t + (u - s) <= ${W} AND o,
            u - s, toInt64(${none})), lv, ts, ${runningV}, v, ${ok})`;
      walk.push(chSql`arrayElement(arrayMap(v -> ${level}, [${prev}]), 1) AS ${u}`);
    } else {
      // Only level k − 1's running minimum u − s goes through the lambda, which then captures
      // nothing (a captured array is copied for each call).
      const r = chSql`arrayElement(arrayMap(v -> arrayMap((a, b) -> a - b, v,
            arrayCumSumNonNegative(arrayDifference(v))), [${prev}]), 1)`;
      walk.push(
        chSql`arrayMap((l, t, r) -> if(l = ${lit.int(k)} AND t + r <= ${W}, r, toInt64(${none})),
            lv, ts, ${r}) AS ${u}`,
      );
    }
    walk.push(
      chSql`arrayReduce('min', arrayMap((t, u) -> t + u, ts, ${u})) AS ${lit.ident(`f${k}`)}`,
    );
    kept.push(`f${k}`);
  }
  const walked = ["customer_id", "entered", "first_entry", ...kept.slice(3)];
  if (breakdown?.kind === "property") walked.push("props");
  let q = chSql`
    SELECT ${joinSql(
      walked.map((c) => lit.ident(c)),
      ", ",
    )}
    FROM (
      SELECT customer_id, ${joinSql(walk, ",\n        ")}
      FROM events
      WHERE occurred_us >= ${from}
        AND occurred_us < ${lit.dateUs(f.to)} + ${W}
        AND (${joinSql(
          matches.map(({ c }) => c),
          " OR ",
        )}) AND ${eventFilter(f)}
      GROUP BY customer_id
      ${ON_THE_SHARDS})`;
  if (breakdown?.kind === "property") {
    q = propertyValue(q, kept, breakdown.key);
    kept.push("b_has", "b_v");
  }
  const columns = kept;
  if (breakdown?.kind === "attribute") {
    return { sql: withAttributeValue(q, columns, breakdown.key), f, windowSeconds };
  }
  const sql = withPersona
    ? chSql`
      SELECT ${joinSql(
        columns.map((c) => lit.ident(c)),
        ", ",
      )}, persona_id
      FROM (${q}) AS per_customer ANY LEFT JOIN (${CURRENT_PERSONA}) AS current USING customer_id`
    : chSql`SELECT ${joinSql(
        columns.map((c) => lit.ident(c)),
        ", ",
      )} FROM (${q})`;
  return { sql, f, windowSeconds };
}

/** Counts and percentile ranks per group of customers (one row per `groupBy` value). */
function summarySql(perCustomerSql: ChSql, steps: number, groupBy: ChSql | null): ChSql {
  const reached = lit.int(REACHED_BELOW);
  const inner: ChSql[] = [chSql`countIf(entered) AS c0`];
  const outer: ChSql[] = [chSql`c0`];
  for (let k = 1; k < steps; k++) {
    const fk = lit.ident(`f${k}`);
    const ck = lit.ident(`c${k}`);
    const ak = lit.ident(`a${k}`);
    inner.push(chSql`countIf(${fk} < ${reached}) AS ${ck}`);
    inner.push(chSql`arraySort(groupArrayIf(${fk}, ${fk} < ${reached})) AS ${ak}`);
    outer.push(ck);
    outer.push(rankSql(ak, ck, MEDIAN, `m${k}`));
    outer.push(rankSql(ak, ck, P90, `p${k}`));
  }
  if (groupBy) {
    inner.unshift(chSql`${groupBy} AS g`);
    outer.unshift(chSql`g`);
  }
  return chSql`
    SELECT ${joinSql(outer, ", ")}
    FROM (
      SELECT ${joinSql(inner, ", ")}
      FROM (${perCustomerSql})
      ${groupBy ? chSql`GROUP BY g` : chSql``})
    ${PER_CUSTOMER_SETTINGS}`;
}

type SummaryRow = Record<string, number | string | null>;

function funnelFromSummary(
  steps: TFunnelStep[],
  row: SummaryRow | undefined,
  windowSeconds: number,
): FunnelResult {
  const counts = steps.map((_, k) => num(row?.[`c${k}`]));
  const first = counts[0] ?? 0;
  return {
    windowSeconds,
    steps: steps.map((step, k) => {
      const count = counts[k] ?? 0;
      const previous = k === 0 ? undefined : (counts[k - 1] ?? 0);
      const time = (p: typeof MEDIAN, name: string) =>
        k === 0
          ? count > 0
            ? 0
            : null
          : percentileFromRanks(count, p, row?.[`${name}${k}_lo`], row?.[`${name}${k}_hi`]);
      return {
        key: formatFunnelStep(step),
        step,
        customers: count,
        conversionFromPrevious: previous === undefined ? null : ratio(count, previous),
        conversionOverall: ratio(count, first),
        dropOff: previous === undefined ? 0 : previous - count,
        medianSecondsToStep: time(MEDIAN, "m"),
        p90SecondsToStep: time(P90, "p"),
      };
    }),
  };
}

/** Stage/touchpoint funnel (docs/metrics.md), the same numbers as PostgreSQL's getFunnel. */
export async function getFunnel(
  ch: ClickHouse,
  params: ClickHouseFunnelParams,
): Promise<FunnelResult> {
  const pc = perCustomer(params, false);
  const rows = await ch.query<SummaryRow>(summarySql(pc.sql, params.steps.length, null));
  return funnelFromSummary(params.steps, rows[0], pc.windowSeconds);
}

/** The same funnel for each persona (and unassigned customers), from one pass. */
export async function getFunnelByPersona(
  ch: ClickHouse,
  params: ClickHouseFunnelParams,
): Promise<{ personas: PersonaFunnel[] }> {
  const pc = perCustomer(params, true);
  const rows = await ch.query<SummaryRow>(
    summarySql(pc.sql, params.steps.length, chSql`persona_id`),
  );
  const byPersona = new Map(rows.map((r) => [personaOrNull(r.g ?? 0), r]));
  const f = pc.f;
  return {
    personas: personaFunnels(f, (id) =>
      funnelFromSummary(params.steps, byPersona.get(id), pc.windowSeconds),
    ),
  };
}

/**
 * The funnel broken down by persona, a customer attribute or an event property, as
 * PostgreSQL's getFunnelBreakdown: the top values (most entered customers first, ties in byte
 * order, as ClickHouse sorts strings), then `other` and `none`.
 */
export async function getFunnelBreakdown(
  ch: ClickHouse,
  params: ClickHouseFunnelParams & { breakdown: TBreakdown },
): Promise<FunnelBreakdown> {
  const { breakdown } = params;
  if (breakdown.kind === "persona") {
    return personaSeries((await getFunnelByPersona(ch, params)).personas);
  }
  const pc = perCustomer(params, false, breakdown);
  const ranked = await ch.query<{ v: string; n: string }>(chSql`
    SELECT b_v AS v, countIf(entered) AS n
    FROM (${pc.sql})
    WHERE b_has
    GROUP BY v
    HAVING n > 0
    ORDER BY n DESC, v
    LIMIT ${lit.int(breakdown.top)}
    ${PER_CUSTOMER_SETTINGS}`);
  const top = ranked.map((r) => r.v);
  const inTop =
    top.length > 0
      ? chSql`b_v IN (${joinSql(
          top.map((v) => lit.str(v)),
          ", ",
        )})`
      : chSql`0`;
  // '' for none, '*' for other, '=' and the value for a top value.
  const group = chSql`if(NOT b_has, '', if(${inTop}, concat('=', b_v), '*'))`;
  const rows = await ch.query<SummaryRow>(summarySql(pc.sql, params.steps.length, group));
  const byGroup = new Map(rows.map((r) => [String(r.g ?? ""), r]));
  const entered = (g: string) => num(byGroup.get(g)?.c0);
  return valueSeries(breakdown, top, { other: entered("*"), none: entered("") }, (g) =>
    funnelFromSummary(
      params.steps,
      byGroup.get(g.kind === "value" ? `=${g.value}` : g.kind === "other" ? "*" : ""),
      pc.windowSeconds,
    ),
  );
}

/**
 * Conversion over time: customers bucketed by their first entry, by UTC day or ISO week, as
 * PostgreSQL's getFunnelOverTime (the same layout and shaping, funnel-buckets.ts).
 */
export async function getFunnelOverTime(
  ch: ClickHouse,
  params: ClickHouseFunnelParams & { bucket: "day" | "week"; now?: Date },
): Promise<{ buckets: FunnelBucket[] }> {
  const layout = funnelBucketLayout(params.filter.from, params.filter.to, params.bucket);
  const pc = perCustomer(params, false);
  const { offsetMicros, sizeMicros, last: lastBucket } = bucketArithmetic(layout, pc.f.from);
  const count = layout.count;
  const last = lit.ident(`f${params.steps.length - 1}`);
  const rows = await ch.query<{ b: number | string; n_entered: string; n_converted: string }>(chSql`
    SELECT least(intDiv(first_entry + ${lit.int(offsetMicros)}, ${lit.int(sizeMicros)}), ${lit.int(lastBucket)}) AS b,
      count() AS n_entered,
      countIf(${last} < ${lit.int(REACHED_BELOW)}) AS n_converted
    FROM (${pc.sql})
    WHERE entered
    GROUP BY b
    ${PER_CUSTOMER_SETTINGS}`);
  const entered = new Array<number>(count).fill(0);
  const converted = new Array<number>(count).fill(0);
  for (const row of rows) {
    const b = Number(row.b);
    entered[b] = num(row.n_entered);
    converted[b] = num(row.n_converted);
  }
  return {
    buckets: buildFunnelBuckets(
      layout,
      pc.f,
      { entered, converted },
      pc.windowSeconds,
      params.now ?? new Date(),
    ),
  };
}

/**
 * Time to each step as a histogram, as PostgreSQL's getFunnelTimes: each customer's fastest
 * chain to a step (f1…f(n−1) of perCustomer) binned by intDiv, the last bin holding W.
 */
export async function getFunnelTimes(
  ch: ClickHouse,
  params: ClickHouseFunnelParams,
): Promise<FunnelTimes> {
  const pc = perCustomer(params, false);
  const layout = funnelTimeLayout(pc.windowSeconds);
  const pairs = joinSql(
    params.steps
      .slice(1)
      .map((_, i) => chSql`tuple(toUInt8(${lit.int(i + 1)}), ${lit.ident(`f${i + 1}`)})`),
    ", ",
  );
  const rows = await ch.query<{ k: number | string; b: number | string; n: string }>(chSql`
    SELECT tupleElement(p, 1) AS k,
      least(intDiv(tupleElement(p, 2), ${lit.int(BigInt(layout.binSeconds) * 1_000_000n)}), ${lit.int(layout.count - 1)}) AS b,
      count() AS n
    FROM (SELECT arrayJoin([${pairs}]) AS p FROM (${pc.sql}))
    WHERE tupleElement(p, 2) < ${lit.int(REACHED_BELOW)}
    GROUP BY k, b
    ${PER_CUSTOMER_SETTINGS}`);
  const counts = params.steps.slice(1).map(() => new Array<number>(layout.count).fill(0));
  for (const row of rows) {
    const r = counts[Number(row.k) - 1];
    if (r) r[Number(row.b)] = num(row.n);
  }
  return buildFunnelTimes(params.steps, pc.windowSeconds, layout, counts);
}
