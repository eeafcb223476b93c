import {
  DEFAULT_PATH_STEPS,
  DEFAULT_WINDOW_SECONDS,
  type TAnalyticsFilter,
  TOP_PATHS,
  type TPathLevel,
  type TPathStart,
} from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { UnknownKeyError } from "../queries/errors";
import { conversionStage, num, numOrNull, type ResolvedFilter, ratio } from "./filter";

export interface GetObservedPathsParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
  start: TPathStart;
  level?: TPathLevel;
  /** N, the steps followed after the start (1–5, default 3). */
  steps?: number;
  /** W, in seconds (default 30 days). */
  windowSeconds?: number;
}

export interface ObservedPath {
  /** The steps after the start, as keys at the level; empty: no further step within W. */
  steps: string[];
  customers: number;
  /** customers ÷ entrants. */
  share: number | null;
  /** Customers whose walk reached the conversion stage (within W of the entry). */
  converted: number;
  conversion: number | null;
}

export interface OtherPaths {
  /** Distinct paths grouped here. */
  paths: number;
  customers: number;
  share: number | null;
  converted: number;
  conversion: number | null;
}

export interface PathLink {
  /** The depth of the link's source: 0 is the start. */
  depth: number;
  /** The source step's key; null for the start. */
  source: string | null;
  /** The target step's key; null for "other paths". */
  target: string | null;
  customers: number;
  share: number | null;
  /** Continuous median of the time between the two steps, in seconds. */
  medianSeconds: number | null;
}

export interface ObservedPaths {
  start: TPathStart & { name: string };
  level: TPathLevel;
  steps: number;
  windowSeconds: number;
  conversionStage: { key: string; name: string };
  /** Customers with an entry in the period. */
  entrants: number;
  converted: number;
  conversion: number | null;
  /** The steps the paths name (key and name at the level), in catalogue order. */
  stepNames: { key: string; name: string }[];
  /** At most TOP_PATHS paths, most customers first. */
  paths: ObservedPath[];
  other: OtherPaths;
  links: PathLink[];
}

/** What both engines need resolved: the ids to match and the level's id → key lookup. */
export interface PathsPlan {
  f: ResolvedFilter;
  start: TPathStart & { id: number; name: string };
  level: TPathLevel;
  steps: number;
  windowSeconds: number;
  conversion: { id: number; key: string; name: string };
  /** Step id at the level → its key and name. */
  stepOf: Map<number, { key: string; name: string }>;
}

export function planPaths(f: ResolvedFilter, params: GetObservedPathsParams): PathsPlan {
  const { catalogue } = f;
  const list = params.start.kind === "stage" ? catalogue.stages : catalogue.touchpoints;
  const start = list.find((s) => s.key === params.start.key);
  if (!start) throw new UnknownKeyError(params.start.kind, [params.start.key]);
  const level = params.level ?? "stage";
  const items = level === "stage" ? catalogue.stages : catalogue.touchpoints;
  const conversion = conversionStage(catalogue);
  return {
    f,
    start: { kind: params.start.kind, key: start.key, id: start.id, name: start.name },
    level,
    steps: params.steps ?? DEFAULT_PATH_STEPS,
    windowSeconds: params.windowSeconds ?? DEFAULT_WINDOW_SECONDS,
    conversion: { id: conversion.id, key: conversion.key, name: conversion.name },
    stepOf: new Map(items.map((s) => [s.id, { key: s.key, name: s.name }])),
  };
}

/** One distinct path's counts: `path` is its step ids joined by ">" ("" for none). */
export interface PathSqlRow {
  path: string;
  customers: number | string;
  converted: number | string;
}

/** One link's counts: `depth` is the target's (1…N); `source` null for the start, `target` null for other paths. */
export interface PathLinkSqlRow {
  depth: number | string;
  source: number | string | null;
  target: number | string | null;
  customers: number | string;
  median_s: number | string | null;
}

function stepIds(path: string): number[] {
  return path === "" ? [] : path.split(">").map(Number);
}

/**
 * The listed paths, as the engines' SQL must name them (ids joined by ">"): the TOP_PATHS
 * with the most customers, ties by their keys joined, in code-unit order.
 */
export function topPaths(plan: PathsPlan, rows: PathSqlRow[]): PathSqlRow[] {
  const keyed = rows.map((row) => ({ row, keys: keysOf(plan, row.path).join(" > ") }));
  keyed.sort((a, b) => {
    const byCustomers = num(b.row.customers) - num(a.row.customers);
    if (byCustomers !== 0) return byCustomers;
    return a.keys < b.keys ? -1 : a.keys > b.keys ? 1 : 0;
  });
  return keyed.slice(0, TOP_PATHS).map((k) => k.row);
}

function keysOf(plan: PathsPlan, path: string): string[] {
  return stepIds(path).map((id) => plan.stepOf.get(id)?.key ?? `#${id}`);
}

/** The answer from every path's counts (`rows`) and the links among the listed ones. */
export function buildObservedPaths(
  plan: PathsPlan,
  rows: PathSqlRow[],
  links: PathLinkSqlRow[],
): ObservedPaths {
  const entrants = rows.reduce((sum, r) => sum + num(r.customers), 0);
  const converted = rows.reduce((sum, r) => sum + num(r.converted), 0);
  const listed = topPaths(plan, rows);
  const listedSet = new Set(listed.map((r) => r.path));
  const rest = rows.filter((r) => !listedSet.has(r.path));
  const otherCustomers = rest.reduce((sum, r) => sum + num(r.customers), 0);
  const otherConverted = rest.reduce((sum, r) => sum + num(r.converted), 0);
  const keyOf = (id: number | string | null): string | null =>
    id === null ? null : (plan.stepOf.get(Number(id))?.key ?? `#${id}`);

  const named = new Set<number>();
  for (const r of listed) for (const id of stepIds(r.path)) named.add(id);
  const stepNames = [...plan.stepOf.entries()]
    .filter(([id]) => named.has(id))
    .map(([, s]) => ({ key: s.key, name: s.name }));

  return {
    start: { kind: plan.start.kind, key: plan.start.key, name: plan.start.name },
    level: plan.level,
    steps: plan.steps,
    windowSeconds: plan.windowSeconds,
    conversionStage: { key: plan.conversion.key, name: plan.conversion.name },
    entrants,
    converted,
    conversion: ratio(converted, entrants),
    stepNames,
    paths: listed.map((r) => ({
      steps: keysOf(plan, r.path),
      customers: num(r.customers),
      share: ratio(num(r.customers), entrants),
      converted: num(r.converted),
      conversion: ratio(num(r.converted), num(r.customers)),
    })),
    other: {
      paths: rest.length,
      customers: otherCustomers,
      share: ratio(otherCustomers, entrants),
      converted: otherConverted,
      conversion: ratio(otherConverted, otherCustomers),
    },
    links: links
      .map(
        (l): PathLink => ({
          depth: num(l.depth) - 1,
          source: keyOf(l.source),
          target: keyOf(l.target),
          customers: num(l.customers),
          share: ratio(num(l.customers), entrants),
          medianSeconds: numOrNull(l.median_s),
        }),
      )
      .sort(
        (a, b) =>
          a.depth - b.depth ||
          b.customers - a.customers ||
          (a.source ?? "").localeCompare(b.source ?? "") ||
          (a.target ?? "\uffff").localeCompare(b.target ?? "\uffff"),
      ),
  };
}
