import {
  retentionCohortProblem,
  retentionCohortRange,
  retentionIndex,
  retentionPeriodStart,
  type TAnalyticsFilter,
  type TRetentionCohort,
  type TRetentionMode,
} from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { num, ratio } from "./filter";

/** The event type of a purchase; refunds are `return` events and never count as one. */
export const PURCHASE_TYPE = "purchase";

export interface GetRetentionParams {
  filter: TAnalyticsFilter;
  /** Cohorts (and periods since first purchase) as ISO weeks or calendar months, in UTC. */
  cohort: TRetentionCohort;
  /** `any`: came back with any event; `purchase`: purchased again. */
  mode: TRetentionMode;
  /** Periods after the cohort's own (1–52). */
  periods: number;
  /** What "not yet over" is measured against; the current time by default. */
  now?: Date;
  catalogue?: Catalogue;
}

/**
 * A cell of the table. `complete`: the period is over. `incomplete`: under way, its count so
 * far (it can only rise). `future`: not begun, no figure at all (never 0%).
 */
export type RetentionCellStatus = "complete" | "incomplete" | "future";

export interface RetentionCell {
  /** Periods since the cohort's own (0: the cohort's week or month). */
  period: number;
  start: Date;
  end: Date;
  status: RetentionCellStatus;
  /** Customers of the cohort with a qualifying event in the period; null in the future. */
  retained: number | null;
  /** retained ÷ the cohort's customers; null in the future or for an empty cohort. */
  share: number | null;
}

export interface RetentionCohortRow {
  /** The cohort's week or month. */
  start: Date;
  end: Date;
  /** The part of it the period covers (first purchases counted from `from` to `to`). */
  from: Date;
  to: Date;
  partial: boolean;
  /** False while first purchases may still join it (its covered part has not ended). */
  complete: boolean;
  /** Customers whose first purchase falls in the cohort: the cohort's size. */
  customers: number;
  cells: RetentionCell[];
}

export interface RetentionAveragePoint {
  period: number;
  /** Cohorts over which the average is taken: those whose period is complete and not empty. */
  cohorts: number;
  /** Their customers: the average's sample size. */
  customers: number;
  retained: number;
  /** retained ÷ customers, weighted by cohort size; null when no cohort has the period complete. */
  share: number | null;
}

export interface Retention {
  cohort: TRetentionCohort;
  mode: TRetentionMode;
  periods: number;
  /** Customers whose first purchase is in the period, over all cohorts. */
  customers: number;
  cohorts: RetentionCohortRow[];
  average: RetentionAveragePoint[];
}

/** Per (cohort, period since first purchase): customers. Period 0 holds the cohort's size. */
export interface RetentionSqlRow {
  /** The cohort's index (retentionIndex of the first purchase). */
  cohort: number | string;
  period: number | string;
  customers: number | string;
}

/** The cohort indexes of the period, refused (RangeError) past the limit before any query. */
export function retentionLayout(params: GetRetentionParams): {
  first: number;
  last: number;
  count: number;
} {
  const { from, to } = params.filter;
  const problem = retentionCohortProblem(from, to, params.cohort);
  if (problem) throw new RangeError(problem);
  return retentionCohortRange(from, to, params.cohort);
}

/**
 * Where returning events can fall: from the first cohort's next period to the end of the last
 * cohort's last period. The SQL narrows to it before working out each event's period.
 */
export function retentionReturnBounds(params: GetRetentionParams): { from: Date; to: Date } {
  const { first, last } = retentionLayout(params);
  return {
    from: retentionPeriodStart(first + 1, params.cohort),
    to: retentionPeriodStart(last + params.periods + 1, params.cohort),
  };
}

/** The table, every cohort of the period and every period 0..N filled, and the average curve. */
export function buildRetention(params: GetRetentionParams, rows: RetentionSqlRow[]): Retention {
  const { first, count } = retentionLayout(params);
  const now = (params.now ?? new Date()).getTime();
  const from = params.filter.from.getTime();
  const to = params.filter.to.getTime();
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(`${num(row.cohort)}:${num(row.period)}`, num(row.customers));

  const cohorts = Array.from({ length: count }, (_, r): RetentionCohortRow => {
    const index = first + r;
    const start = retentionPeriodStart(index, params.cohort);
    const end = retentionPeriodStart(index + 1, params.cohort);
    const coveredFrom = Math.max(start.getTime(), from);
    const coveredTo = Math.min(end.getTime(), to);
    const customers = counts.get(`${index}:0`) ?? 0;
    const cells = Array.from({ length: params.periods + 1 }, (_, k): RetentionCell => {
      const cellStart = retentionPeriodStart(index + k, params.cohort);
      const cellEnd = retentionPeriodStart(index + k + 1, params.cohort);
      // Period 0 is the cohort itself: over once no first purchase can join it.
      const over = k === 0 ? coveredTo : cellEnd.getTime();
      const status: RetentionCellStatus =
        over <= now ? "complete" : cellStart.getTime() < now ? "incomplete" : "future";
      const retained =
        status === "future" ? null : k === 0 ? customers : (counts.get(`${index}:${k}`) ?? 0);
      return {
        period: k,
        start: cellStart,
        end: cellEnd,
        status,
        retained,
        share: retained === null ? null : ratio(retained, customers),
      };
    });
    return {
      start,
      end,
      from: new Date(coveredFrom),
      to: new Date(coveredTo),
      partial: coveredFrom > start.getTime() || coveredTo < end.getTime(),
      complete: coveredTo <= now,
      customers,
      cells,
    };
  });

  const average = Array.from({ length: params.periods + 1 }, (_, k): RetentionAveragePoint => {
    let included = 0;
    let customers = 0;
    let retained = 0;
    for (const row of cohorts) {
      const cell = row.cells[k];
      if (cell?.status !== "complete" || row.customers === 0) continue;
      included += 1;
      customers += row.customers;
      retained += cell.retained ?? 0;
    }
    return { period: k, cohorts: included, customers, retained, share: ratio(retained, customers) };
  });

  return {
    cohort: params.cohort,
    mode: params.mode,
    periods: params.periods,
    customers: cohorts.reduce((sum, row) => sum + row.customers, 0),
    cohorts,
    average,
  };
}

/**
 * The bounds of a retention cell's customers (the drill-down): first purchases in the cohort's
 * week or month and in the filter's period; for a period k ≥ 1, a qualifying event in the k-th
 * week or month after the cohort's (null for period 0, the cohort itself).
 */
export function retentionCellBounds(
  filter: { from: Date; to: Date },
  source: { cohort: TRetentionCohort; cohortStart: Date; period: number },
): { firstFrom: Date; firstTo: Date; returns: { from: Date; to: Date } | null } {
  const index = retentionIndex(source.cohortStart, source.cohort);
  const start = retentionPeriodStart(index, source.cohort).getTime();
  const end = retentionPeriodStart(index + 1, source.cohort).getTime();
  return {
    firstFrom: new Date(Math.max(start, filter.from.getTime())),
    firstTo: new Date(Math.min(end, filter.to.getTime())),
    returns:
      source.period === 0
        ? null
        : {
            from: retentionPeriodStart(index + source.period, source.cohort),
            to: retentionPeriodStart(index + source.period + 1, source.cohort),
          },
  };
}
