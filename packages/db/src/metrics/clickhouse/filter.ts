import type { TAnalyticsFilter } from "@parcours/validators";
import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import type { Catalogue } from "../../queries/catalogue";
import type { CohortDefinition } from "../cohorts";
import { type ResolvedFilter, resolveFilterWith } from "../filter";
import { cohortCondition } from "./cohorts";

/**
 * What every ClickHouse metric shares: the filter resolved against the catalogue the caller
 * read from PostgreSQL (ids inlined as literals), the event and customer conditions, and the
 * customers' current persona.
 */

export interface ClickHouseMetricParams {
  filter: TAnalyticsFilter;
  /** The catalogue, read from PostgreSQL (the system of record) once per request. */
  catalogue: Catalogue;
  /** filter.cohort's definition with its members, read from PostgreSQL (readCohortDefinition). */
  cohortDefinition?: CohortDefinition;
}

export function resolve(params: ClickHouseMetricParams): ResolvedFilter {
  return resolveFilterWith(params.filter, params.catalogue, params.cohortDefinition);
}

/**
 * The customers' current persona (0: unassigned): the newest version of each customer row.
 * FINAL rather than argMax(persona_id, sync_version) … GROUP BY id: at 800,000 customers on
 * 18.16 here, 1.2–1.6 s against 12–15 s (medians of three, same run).
 */
export const CURRENT_PERSONA: ChSql = chSql`
  SELECT id AS customer_id, persona_id FROM customers FINAL`;

/**
 * For every query that groups events by customer. ClickHouse 18.16 hands a one-level GROUP
 * BY's result on as one block (80,000 customers at 1M events: arrays of a million elements),
 * and on these VMs every function over a block that large pays for fresh memory: measured here,
 * `number + 1` over 10M rows took 23 times longer in blocks of a million rows than in blocks of
 * 65,536, and the funnel's array passes 5–10 times longer. Two-level aggregation hands the
 * result on in 256 blocks; 18.16 allows it with one reading thread only when external
 * aggregation is enabled, here with a limit no query reaches (1 TB: nothing is written to disk).
 */
export const PER_CUSTOMER_SETTINGS: ChSql = chSql`
  SETTINGS group_by_two_level_threshold = 1, max_bytes_before_external_group_by = 1000000000000`;

/**
 * For a SELECT over `events` that groups by customer and computes each customer's result in the
 * same SELECT (the funnel's walk as expressions over its groupArray). On a cluster, `events` is
 * a Distributed table sharded by cityHash64(customer_id), so no customer spans two shards: each
 * shard's groups are already whole, and distributed_group_by_no_merge makes every shard run the
 * whole SELECT and send its finished rows (one small row per customer) instead of its partial
 * groups (each customer's arrays), which 18.16 would merge and walk on the initiator. An IN over
 * `customers` inside it runs against the shard's own customers (distributed_product_mode=local,
 * client.ts). On a single server there is no Distributed table and the setting does nothing.
 * It must never go on a SELECT whose groups are not per customer (a count over all customers
 * would come back once per shard, unsummed).
 */
export const ON_THE_SHARDS: ChSql = chSql`SETTINGS distributed_group_by_no_merge = 1`;

/**
 * Conditions on `events` (unaliased): the event filters (channel, touchpoint) and the customer
 * filters (persona, cohort), as one AND-able fragment; `1` when nothing is filtered.
 */
export function eventFilter(f: ResolvedFilter): ChSql {
  const parts: ChSql[] = [chSql`1`];
  if (f.channelIds) parts.push(chSql`channel_id IN (${idList(f.channelIds)})`);
  if (f.touchpointIds) parts.push(chSql`touchpoint_id IN (${idList(f.touchpointIds)})`);
  if (f.personaIds) {
    const wanted = [...f.personaIds, ...(f.includeUnassigned ? [0] : [])];
    parts.push(
      wanted.length === 0
        ? chSql`0`
        : chSql`customer_id IN (SELECT customer_id FROM (${CURRENT_PERSONA}) WHERE persona_id IN (${idList(wanted)}))`,
    );
  }
  if (f.cohort) parts.push(cohortCondition(f.cohort, chSql`customer_id`, f.from, f.to));
  return joinSql(parts, " AND ");
}

export function idList(ids: readonly number[]): ChSql {
  return joinSql(
    ids.map((id) => lit.uint(id)),
    ", ",
  );
}

/** `occurred_us` in [from, to): the period's bounds as microsecond literals. */
export function inPeriod(from: Date, to: Date): ChSql {
  return chSql`occurred_us >= ${lit.dateUs(from)} AND occurred_us < ${lit.dateUs(to)}`;
}

/** A duration in seconds as integer microseconds (windows are whole seconds). */
export function micros(seconds: number): ChSql {
  return lit.int(BigInt(Math.round(seconds * 1e6)));
}

/** ClickHouse's persona 0 is PostgreSQL's NULL (unassigned). */
export function personaOrNull(id: number | string): number | null {
  const n = Number(id);
  return n === 0 ? null : n;
}

/** A percentile as a fraction of small integers, so that SQL can find its rank exactly. */
export interface Fraction {
  num: number;
  den: number;
}
export const MEDIAN: Fraction = { num: 1, den: 2 };
export const P90: Fraction = { num: 9, den: 10 };

/**
 * PostgreSQL's percentile_cont over `n` sorted microsecond values, from the two values rankSql
 * picked: the value at the exact floor of p·(n − 1) and the one after it. The arithmetic is
 * percentileCont's (p · (n − 1) in floating point, values in seconds), so both engines give the
 * same float. Floating point can put p · (n − 1) a hair above an integer k (0.9 · 10): then
 * percentileCont interpolates towards the next value with that hair's weight, and so does this.
 */
export function percentileFromRanks(
  n: number,
  p: Fraction,
  lowMicros: number | string | null | undefined,
  nextMicros: number | string | null | undefined,
): number | null {
  if (n === 0 || lowMicros === null || lowMicros === undefined) return null;
  const position = (p.num / p.den) * (n - 1);
  const lower = Math.floor(position);
  if (lower !== Math.floor((p.num * (n - 1)) / p.den)) {
    throw new RangeError(`percentile rank ${position} strays from its exact floor`);
  }
  const low = Number(lowMicros) / 1e6;
  const high = Math.ceil(position) === lower ? low : Number(nextMicros) / 1e6;
  return low + (high - low) * (position - lower);
}

/**
 * SQL picking, out of a sorted array `arr` of `n` microsecond values, the value at the exact
 * floor of p · (n − 1) and the one after it (columns `<name>_lo`, `<name>_hi`).
 */
export function rankSql(arr: ChSql, n: ChSql, p: Fraction, name: string): ChSql {
  const lower = chSql`intDiv(${lit.uint(p.num)} * (${n} - 1), ${lit.uint(p.den)})`;
  return chSql`
    arrayElement(${arr}, ${lower} + 1) AS ${lit.ident(`${name}_lo`)},
    arrayElement(${arr}, ${lower} + 2) AS ${lit.ident(`${name}_hi`)}`;
}
