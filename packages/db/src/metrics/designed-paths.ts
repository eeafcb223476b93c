import { DEFAULT_WINDOW_SECONDS, type TAnalyticsFilter } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { num, type ResolvedFilter, ratio } from "./filter";

/** The last touchpoints before leaving that the answer lists. */
export const TOP_LEAVING_TOUCHPOINTS = 10;

export interface GetDesignedVsObservedParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
  /** W, in seconds (default 30 days): no event within W after the last one is leaving. */
  windowSeconds?: number;
  /**
   * When the data ends (default: the moment of the query). A customer has left only once W
   * after their last event has fully elapsed by then; before that, nobody can know yet.
   */
  now?: Date;
}

export interface CountShare {
  customers: number;
  share: number | null;
}

export interface DesignedVsObserved {
  windowSeconds: number;
  /** Customers with an event in the period. */
  customers: number;
  following: CountShare;
  skipping: CountShare;
  backtracking: CountShare;
  looping: CountShare;
  /** Per stage, in catalogue order: customers who skipped it, and who came back to it. */
  stages: { key: string; name: string; skipped: CountShare; revisited: CountShare }[];
  /**
   * Customers with no event within W after their last one in the period, that W fully elapsed
   * by `now` (last event + W ≤ now).
   */
  leavers: number;
  /**
   * Customers with no event after their last one in the period yet, but seen less than W before
   * `now`: too recent to tell whether they left. Neither leavers nor in the leaving shares.
   */
  tooRecent: number;
  lastTouchpoints: {
    touchpoint: string;
    name: string;
    stage: string;
    customers: number;
    /** Of all who left. */
    share: number | null;
  }[];
}

/** The counts both engines return: totals, then per stage position (0-based). */
export interface DesignedSqlTotals {
  customers: number | string;
  following: number | string;
  skipping: number | string;
  backtracking: number | string;
  looping: number | string;
}
export interface DesignedSqlStage {
  position: number | string;
  skipped: number | string;
  revisited: number | string;
}
/**
 * Customers with no event within W after their last one in the period, per touchpoint of that
 * last event: `too_recent` 1 when last event + W is after `now` (not known yet), 0 when they left.
 */
export interface LeavingSqlRow {
  touchpoint_id: number | string;
  too_recent: number | string | boolean;
  customers: number | string;
}

export function buildDesignedVsObserved(
  f: ResolvedFilter,
  windowSeconds: number,
  totals: DesignedSqlTotals | undefined,
  stages: DesignedSqlStage[],
  leaving: LeavingSqlRow[],
): DesignedVsObserved {
  const customers = num(totals?.customers);
  const of = (n: number | string | undefined): CountShare => ({
    customers: num(n),
    share: ratio(num(n), customers),
  });
  const byPosition = new Map(stages.map((s) => [num(s.position), s]));
  const touchpoints = new Map(f.catalogue.touchpoints.map((t) => [t.id, t]));
  const isRecent = (r: LeavingSqlRow) => num(r.too_recent) === 1;
  const left = leaving.filter((r) => !isRecent(r));
  const leavers = left.reduce((sum, r) => sum + num(r.customers), 0);
  const tooRecent = leaving.filter(isRecent).reduce((sum, r) => sum + num(r.customers), 0);
  const last = left
    .map((r) => {
      const tp = touchpoints.get(num(r.touchpoint_id));
      return {
        touchpoint: tp?.key ?? `#${r.touchpoint_id}`,
        name: tp?.name ?? `#${r.touchpoint_id}`,
        stage: tp?.stage ?? "",
        customers: num(r.customers),
        share: ratio(num(r.customers), leavers),
      };
    })
    .sort((a, b) =>
      b.customers !== a.customers
        ? b.customers - a.customers
        : a.touchpoint < b.touchpoint
          ? -1
          : a.touchpoint > b.touchpoint
            ? 1
            : 0,
    )
    .slice(0, TOP_LEAVING_TOUCHPOINTS);
  return {
    windowSeconds,
    customers,
    following: of(totals?.following),
    skipping: of(totals?.skipping),
    backtracking: of(totals?.backtracking),
    looping: of(totals?.looping),
    stages: f.catalogue.stages.map((s, i) => ({
      key: s.key,
      name: s.name,
      skipped: of(byPosition.get(i)?.skipped),
      revisited: of(byPosition.get(i)?.revisited),
    })),
    leavers,
    tooRecent,
    lastTouchpoints: last,
  };
}

/** The moment the data ends for leaving: `now` when the caller fixes it, else the query's. */
export function designedNow(params: GetDesignedVsObservedParams): Date {
  return params.now ?? new Date();
}

export function designedWindow(params: GetDesignedVsObservedParams): number {
  return params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
}
