export * from "./action-metrics";
// The engine-neutral metric contract (result types, parameters, shaping) and the PostgreSQL
// implementation; the ClickHouse one is `@parcours/db/metrics/clickhouse`, under the same names.
export * from "./cohorts";
export * from "./comments";
export * from "./customers";
export * from "./designed-paths";
export * from "./drivers";
export * from "./emotion";
export * from "./filter";
export * from "./funnel";
export * from "./funnel-compare";
export * from "./funnel-times";
export * from "./heatmap";
export * from "./journey";
export * from "./kpis";
export * from "./path-compare";
export * from "./paths";
export * from "./persona-suggestions";
export * from "./personas";
export * from "./postgres";
export * from "./retention";
export * from "./stage-metrics";
export * from "./view-journey";
