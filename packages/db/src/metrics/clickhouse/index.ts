export * from "./emotion";
export * from "./filter";
export * from "./funnel";
export * from "./heatmap";
export * from "./journey";
export * from "./kpis";
export * from "./personas";
export * from "./view-journey";
