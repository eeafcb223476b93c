import type { DriverComparison, Drivers } from "@parcours/db/metrics";
import type { Command } from "commander";
import { printJson, withMetrics } from "../context";
import { parseFilter } from "../options";
import { dec, pct, table } from "../table";
import { type AnalyticsOptions as Options, withFilters } from "./with-filters";

function verdict(c: DriverComparison | null): string | null {
  if (!c) return null;
  return c.verdict === "too_few" ? "too few" : c.verdict;
}

function difference(c: DriverComparison | null, format: (v: number | null) => string | null) {
  if (!c || c.difference === null) return null;
  const interval =
    c.low === null || c.high === null ? "" : ` [${format(c.low)}, ${format(c.high)}]`;
  return `${format(c.difference)}${interval}`;
}

function printDrivers(d: Drivers): void {
  const points = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)} pt`);
  console.log(
    table(
      [
        "touchpoint",
        "stage",
        "n with",
        "n without",
        "conversion with",
        "without",
        "difference [95%]",
        "",
        "satisfaction with",
        "without",
        "difference [95%]",
        "",
      ],
      d.touchpoints.map((t) => [
        t.touchpoint,
        t.stage,
        t.with.customers,
        t.without.customers,
        t.conversion ? pct(t.conversion.with) : null,
        t.conversion ? pct(t.conversion.without) : null,
        difference(t.conversion, points),
        verdict(t.conversion),
        dec(t.satisfaction.with),
        dec(t.satisfaction.without),
        difference(t.satisfaction, (v) => dec(v)),
        verdict(t.satisfaction),
      ]),
    ),
  );
  const list = (keys: string[]) => (keys.length > 0 ? keys.join(", ") : "none");
  console.log(
    `\nConversion helps: ${list(d.rankings.conversion.helps)}; hurts: ${list(d.rankings.conversion.hurts)}` +
      `\nSatisfaction helps: ${list(d.rankings.satisfaction.helps)}; hurts: ${list(d.rankings.satisfaction.hurts)}` +
      `\nEach touchpoint against the customers who reached its stage without it; under ${d.minGroup} per group: too few. Association, not causation.`,
  );
}

/** parcours drivers: which touchpoints go with more or fewer conversions and happier customers. */
export function registerDrivers(program: Command): void {
  withFilters(
    program
      .command("drivers")
      .description(
        "touchpoint drivers: conversion and satisfaction with and without each touchpoint, 95% intervals",
      ),
  ).action((options: Options) => {
    const filter = parseFilter(options);
    return withMetrics(async (metrics) => {
      const d = await metrics.getDrivers({ filter });
      if (options.json) return printJson(d);
      printDrivers(d);
    });
  });
}
