import type { TAnalyticsFilter } from "@parcours/validators";
import { type ClickHouse, createClickHouse } from "../analytics/clickhouse/client";
import { type Database, getDatabase } from "../client";
import { type Catalogue, getCatalogue } from "../queries/catalogue";
import { readCohortDefinition } from "../queries/cohorts";
import { listAnnotations, type SavedView } from "../queries/views";
import * as ch from "./clickhouse";
import * as pg from "./postgres";
import { spendReader } from "./postgres/spend";

/**
 * One metrics interface, two engines. Routers, pages and the CLI ask `Metrics` and never know
 * which engine answers: PostgreSQL (or PGlite) by default, ClickHouse when CLICKHOUSE_URL is
 * set. The parameters and answers are the PostgreSQL functions' (docs/metrics.md: both engines
 * give the same numbers); the catalogue, saved views and annotations are always read from
 * PostgreSQL, the system of record.
 */
export type MetricEngineKind = "postgres" | "clickhouse";

type Params<F extends (...args: never[]) => unknown> = Parameters<F>[1];
type Answer<F extends (...args: never[]) => unknown> = ReturnType<F>;

export interface ViewJourneyOptions {
  compare?: boolean;
  now?: Date;
  /** false: no conversion over time (a review's snapshot keeps none); default true. */
  overTime?: boolean;
}

export interface Metrics {
  readonly engine: MetricEngineKind;
  /** Where the figures come from, for messages (no password). */
  readonly location: string;
  /**
   * The same engine reading PostgreSQL through `db`: the fair share hands each metric a
   * transaction whose statements time out, and the catalogue must be read through it.
   */
  withDatabase(db: Database): Metrics;
  getOverviewKpis(params: Params<typeof pg.getOverviewKpis>): Answer<typeof pg.getOverviewKpis>;
  /** The period's KPIs by a customer attribute or an event property (top values). */
  getKpiBreakdown(params: Params<typeof pg.getKpiBreakdown>): Answer<typeof pg.getKpiBreakdown>;
  getFunnel(params: Params<typeof pg.getFunnel>): Answer<typeof pg.getFunnel>;
  getFunnelByPersona(
    params: Params<typeof pg.getFunnelByPersona>,
  ): Answer<typeof pg.getFunnelByPersona>;
  /** The funnel by persona, a customer attribute or an event property (top values). */
  getFunnelBreakdown(
    params: Params<typeof pg.getFunnelBreakdown>,
  ): Answer<typeof pg.getFunnelBreakdown>;
  getFunnelOverTime(
    params: Params<typeof pg.getFunnelOverTime>,
  ): Answer<typeof pg.getFunnelOverTime>;
  /** Time to each step as a histogram (bins that suit the window). */
  getFunnelTimes(params: Params<typeof pg.getFunnelTimes>): Answer<typeof pg.getFunnelTimes>;
  getTouchpointHeatmap(
    params: Params<typeof pg.getTouchpointHeatmap>,
  ): Answer<typeof pg.getTouchpointHeatmap>;
  getPersonaBreakdown(
    params: Params<typeof pg.getPersonaBreakdown>,
  ): Answer<typeof pg.getPersonaBreakdown>;
  /** Personas found in the data: customers clustered on behaviour and attributes. */
  getPersonaSuggestions(
    params: Params<typeof pg.getPersonaSuggestions>,
  ): Answer<typeof pg.getPersonaSuggestions>;
  getEmotionCurve(params: Params<typeof pg.getEmotionCurve>): Answer<typeof pg.getEmotionCurve>;
  getJourneyMap(params: Params<typeof pg.getJourneyMap>): Answer<typeof pg.getJourneyMap>;
  /** Everything a saved view's journey page shows (its annotations from PostgreSQL). */
  getViewJourney(view: SavedView, options?: ViewJourneyOptions): Answer<typeof pg.getViewJourney>;
  getObservedPaths(params: Params<typeof pg.getObservedPaths>): Answer<typeof pg.getObservedPaths>;
  /** Two paths, or two personas, from the same start side by side. */
  getPathComparison(
    params: Params<typeof pg.getPathComparison>,
  ): Answer<typeof pg.getPathComparison>;
  getDesignedVsObserved(
    params: Params<typeof pg.getDesignedVsObserved>,
  ): Answer<typeof pg.getDesignedVsObserved>;
  /** Touchpoint drivers: conversion and satisfaction with and without each touchpoint. */
  getDrivers(params: Params<typeof pg.getDrivers>): Answer<typeof pg.getDrivers>;
  /** How many feedback comments each journey-map cell holds (read from PostgreSQL on both engines). */
  getCommentCounts(params: Params<typeof pg.getCommentCounts>): Answer<typeof pg.getCommentCounts>;
  /** A cell's comments and distinctive words (read from PostgreSQL on both engines). */
  getCellComments(params: Params<typeof pg.getCellComments>): Answer<typeof pg.getCellComments>;
  /** The customers behind a figure (drill-down), one page. */
  getCustomerList(params: Params<typeof pg.getCustomerList>): Answer<typeof pg.getCustomerList>;
  getRetention(params: Params<typeof pg.getRetention>): Answer<typeof pg.getRetention>;
  /** Each stage's measured metrics against their targets (docs/metrics.md, "Stage metrics"). */
  getStageMetrics(params: Params<typeof pg.getStageMetrics>): Answer<typeof pg.getStageMetrics>;
}

/** An engine, bound to a PostgreSQL database by `on` (one per request or command). */
export interface MetricEngine {
  readonly kind: MetricEngineKind;
  readonly location: string;
  on(db: Database): Metrics;
  /** Lets go of the engine's connections (ClickHouse's sockets); PostgreSQL's are the caller's. */
  close(): Promise<void>;
}

export function postgresEngine(location = "PostgreSQL"): MetricEngine {
  const engine: MetricEngine = {
    kind: "postgres",
    location,
    close: async () => {},
    on: (db) => ({
      engine: "postgres",
      location,
      withDatabase: (other) => engine.on(other),
      getOverviewKpis: (params) => pg.getOverviewKpis(db, params),
      getKpiBreakdown: (params) => pg.getKpiBreakdown(db, params),
      getFunnel: (params) => pg.getFunnel(db, params),
      getFunnelByPersona: (params) => pg.getFunnelByPersona(db, params),
      getFunnelBreakdown: (params) => pg.getFunnelBreakdown(db, params),
      getFunnelOverTime: (params) => pg.getFunnelOverTime(db, params),
      getFunnelTimes: (params) => pg.getFunnelTimes(db, params),
      getTouchpointHeatmap: (params) => pg.getTouchpointHeatmap(db, params),
      getPersonaBreakdown: (params) => pg.getPersonaBreakdown(db, params),
      getPersonaSuggestions: (params) => pg.getPersonaSuggestions(db, params),
      getEmotionCurve: (params) => pg.getEmotionCurve(db, params),
      getJourneyMap: (params) => pg.getJourneyMap(db, params),
      getViewJourney: (view, options) => pg.getViewJourney(db, view, options),
      getObservedPaths: (params) => pg.getObservedPaths(db, params),
      getPathComparison: (params) => pg.getPathComparison(db, params),
      getDesignedVsObserved: (params) => pg.getDesignedVsObserved(db, params),
      getDrivers: (params) => pg.getDrivers(db, params),
      getCommentCounts: (params) => pg.getCommentCounts(db, params),
      getCellComments: (params) => pg.getCellComments(db, params),
      getCustomerList: (params) => pg.getCustomerList(db, params),
      getRetention: (params) => pg.getRetention(db, params),
      getStageMetrics: (params) => pg.getStageMetrics(db, params),
    }),
  };
  return engine;
}

/** ClickHouse answers the figures; the catalogue (when the caller has not read it) comes from `db`. */
export function clickhouseEngine(client: ClickHouse): MetricEngine {
  const engine: MetricEngine = {
    kind: "clickhouse",
    location: client.location,
    close: () => client.close(),
    on: (db) => {
      // The cohort filter's definition, static members included, comes from PostgreSQL too.
      const withCatalogue = async <P extends { catalogue?: Catalogue; filter: TAnalyticsFilter }>(
        params: P,
      ) => ({
        ...params,
        catalogue: params.catalogue ?? (await getCatalogue(db)),
        cohortDefinition:
          params.filter.cohort === undefined
            ? undefined
            : await readCohortDefinition(db, params.filter.cohort, { members: true }),
      });
      return {
        engine: "clickhouse",
        location: client.location,
        withDatabase: (other) => engine.on(other),
        getOverviewKpis: async (params) => ch.getOverviewKpis(client, await withCatalogue(params)),
        getKpiBreakdown: async (params) => ch.getKpiBreakdown(client, await withCatalogue(params)),
        getFunnel: async (params) => ch.getFunnel(client, await withCatalogue(params)),
        getFunnelByPersona: async (params) =>
          ch.getFunnelByPersona(client, await withCatalogue(params)),
        getFunnelBreakdown: async (params) =>
          ch.getFunnelBreakdown(client, await withCatalogue(params)),
        getFunnelOverTime: async (params) =>
          ch.getFunnelOverTime(client, await withCatalogue(params)),
        getFunnelTimes: async (params) => ch.getFunnelTimes(client, await withCatalogue(params)),
        getTouchpointHeatmap: async (params) =>
          ch.getTouchpointHeatmap(client, await withCatalogue(params)),
        getPersonaBreakdown: async (params) =>
          ch.getPersonaBreakdown(client, await withCatalogue(params)),
        getPersonaSuggestions: async (params) =>
          ch.getPersonaSuggestions(client, await withCatalogue(params)),
        getEmotionCurve: async (params) => ch.getEmotionCurve(client, await withCatalogue(params)),
        getJourneyMap: async (params) => ch.getJourneyMap(client, await withCatalogue(params)),
        getViewJourney: async (view, options = {}) =>
          ch.getViewJourney(client, view, {
            ...options,
            catalogue: await getCatalogue(db),
            annotations: () => listAnnotations(db, view.id),
            spend: spendReader(db),
            cohortDefinition:
              view.filters.cohort === undefined
                ? undefined
                : await readCohortDefinition(db, view.filters.cohort, { members: true }),
          }),
        // Comments are personal data, kept in PostgreSQL only (metrics/comments.ts).
        getCommentCounts: (params) => pg.getCommentCounts(db, params),
        getCellComments: (params) => pg.getCellComments(db, params),
        getObservedPaths: async (params) =>
          ch.getObservedPaths(client, await withCatalogue(params)),
        getPathComparison: async (params) =>
          ch.getPathComparison(client, await withCatalogue(params)),
        getDesignedVsObserved: async (params) =>
          ch.getDesignedVsObserved(client, await withCatalogue(params)),
        getDrivers: async (params) => ch.getDrivers(client, await withCatalogue(params)),
        getCustomerList: async (params) => ch.getCustomerList(client, await withCatalogue(params)),
        getRetention: async (params) => ch.getRetention(client, await withCatalogue(params)),
        // Spend is read from PostgreSQL, the system of record (metrics/postgres/spend.ts).
        getStageMetrics: async (params) =>
          ch.getStageMetrics(client, { ...(await withCatalogue(params)), spend: spendReader(db) }),
      };
    },
  };
  return engine;
}

/** The engine `CLICKHOUSE_URL` names: ClickHouse when it is set, else PostgreSQL. */
export function engineFromEnv(url: string | undefined = process.env.CLICKHOUSE_URL): MetricEngine {
  return url ? clickhouseEngine(createClickHouse(url)) : postgresEngine();
}

const ENGINE_KEY = Symbol.for("parcours.metrics.engine");
type GlobalWithEngine = typeof globalThis & { [ENGINE_KEY]?: MetricEngine };

/**
 * The process's metric engine, chosen once from CLICKHOUSE_URL at the first call and kept on
 * globalThis (Next.js may load this module more than once): every request, page and command of
 * the process is answered by the same engine.
 */
export function getMetricEngine(): MetricEngine {
  const g = globalThis as GlobalWithEngine;
  g[ENGINE_KEY] ??= engineFromEnv();
  return g[ENGINE_KEY];
}

/** The process's metrics on the process's database (getDatabase). */
export async function getMetrics(): Promise<Metrics> {
  return getMetricEngine().on((await getDatabase()).db);
}
