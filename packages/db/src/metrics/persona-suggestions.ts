import {
  PERSONA_ATTRIBUTE_PATTERN,
  type TAnalyticsFilter,
  type TPersonaCondition,
  type TPersonaRules,
} from "@parcours/validators";
import { kmeans } from "ml-kmeans";
import type { Catalogue } from "../queries/catalogue";
import { fromCents, num, type ResolvedFilter } from "./filter";

/*
 * Personas found in the data (issue 18 item 4). Each engine's SQL gives one row per customer
 * active in the period (a fixed-seed sample above `sampleSize`); this module turns the rows
 * into standardised behaviour and attribute features, clusters them with k-means (ml-kmeans,
 * k-means++ seeded), and describes each cluster: size, profile against everyone, funnel and
 * emotion curve (from the sample), and the persona rules that best pick it out.
 */

/** Above this many active customers, a fixed-seed sample of this many is clustered. */
export const SUGGESTION_SAMPLE_SIZE = 20_000;
export const SUGGESTION_MIN_K = 2;
export const SUGGESTION_MAX_K = 8;
/** k chosen by silhouette among these when the admin does not choose. */
export const SUGGESTION_AUTO_K = [3, 4, 5, 6] as const;
/** k is chosen by clustering this many customers of the sample… */
const K_CHOICE_POINTS = 4_000;
/** …and computing silhouettes on this many of those (quadratic cost). */
const SILHOUETTE_POINTS = 1_000;
/** A categorical attribute with more distinct values than this (an id, free text) is left out. */
const MAX_CATEGORY_VALUES = 30;
/** One-hot features per categorical attribute: its most frequent values. */
const TOP_VALUES = 6;
const MAX_ATTRIBUTES = 20;
const MAX_RULE_CONDITIONS = 3;
/**
 * k-means stops after this many iterations, or once no centroid moves more than TOLERANCE
 * (in standard deviations: nothing a profile would show). Measured on 20,000 customers with 35
 * features, 100 iterations of ml-kmeans took 8 s on the busy CI machine; 40 keep the whole
 * suggestion under 10 s there.
 */
const MAX_ITERATIONS = 40;
const TOLERANCE = 1e-4;

export interface GetPersonaFeaturesParams {
  filter: TAnalyticsFilter;
  /** How many customers at most (a fixed-seed sample above it). */
  sampleSize?: number;
  /** The sample's seed: the same seed draws the same customers. */
  seed?: number;
  catalogue?: Catalogue;
}

/** One customer's row as either engine's SQL returns it (sat_sum_i: the i-th stage's sums). */
export interface PersonaFeatureSqlRow {
  customer_id: number | string;
  stages: number | string;
  /** Channel ids used. */
  channels: (number | string)[];
  events: number | string;
  revenue_cents: number | string | null;
  /** Microseconds since the epoch of the customer's last event in the period. */
  last_us: number | string;
  sat_sum: number | string | null;
  sat_n: number | string;
  attributes: string | null;
  [stageSums: `sat_sum_${number}` | `sat_n_${number}`]: number | string | null;
}

/** One active customer's behaviour and attributes in the period. */
export interface PersonaFeatureRow {
  customerId: number;
  /** Channel keys used, catalogue order. */
  channels: string[];
  /** Stage keys reached, catalogue order. */
  stages: string[];
  /** The furthest stage reached (1-based position), 0 when none. */
  furthestStage: number;
  events: number;
  revenue: number;
  /** Days from the customer's last event to the end of the period. */
  recencyDays: number;
  satSum: number;
  satN: number;
  /** Per stage key: satisfaction sum and ratings. */
  stageSatisfaction: Record<string, { sum: number; n: number }>;
  attributes: Record<string, unknown>;
}

export interface PersonaFeatures {
  /** Customers active in the period (all of them, not only the sample). */
  totalCustomers: number;
  seed: number;
  rows: PersonaFeatureRow[];
  stages: { key: string; name: string }[];
  channels: { key: string; name: string }[];
}

function bitsToKeys(mask: number | string, keys: readonly { key: string }[]): string[] {
  const bits = BigInt(mask);
  return keys.flatMap((k, i) => ((bits >> BigInt(i)) & 1n ? [k.key] : []));
}

function parseAttributes(text: string | null): Record<string, unknown> {
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The engines' rows as features; `total` is the count of active customers. */
export function buildPersonaFeatures(
  f: ResolvedFilter,
  total: number,
  seed: number,
  rows: PersonaFeatureSqlRow[],
): PersonaFeatures {
  const { stages, channels } = f.catalogue;
  const toUs = f.to.getTime() * 1000;
  return {
    totalCustomers: total,
    seed,
    stages: stages.map((s) => ({ key: s.key, name: s.name })),
    channels: channels.map((c) => ({ key: c.key, name: c.name })),
    rows: rows
      .map((row): PersonaFeatureRow => {
        const reached = bitsToKeys(row.stages, stages);
        const used = new Set(row.channels.map(Number));
        const last = reached.at(-1);
        const stageSatisfaction: Record<string, { sum: number; n: number }> = {};
        stages.forEach((s, i) => {
          stageSatisfaction[s.key] = {
            sum: num(row[`sat_sum_${i}`]),
            n: num(row[`sat_n_${i}`]),
          };
        });
        return {
          customerId: num(row.customer_id),
          channels: channels.filter((c) => used.has(c.id)).map((c) => c.key),
          stages: reached,
          furthestStage: last === undefined ? 0 : stages.findIndex((s) => s.key === last) + 1,
          events: num(row.events),
          revenue: fromCents(row.revenue_cents),
          recencyDays: (toUs - num(row.last_us)) / 86_400e6,
          satSum: num(row.sat_sum),
          satN: num(row.sat_n),
          stageSatisfaction,
          attributes: parseAttributes(row.attributes),
        };
      })
      .sort((a, b) => a.customerId - b.customerId),
  };
}

// ------------------------------------------------------------------------------ the features

/** What a feature measures, for labels in either language. */
export type SuggestionFeature =
  | { kind: "channel"; channel: string }
  | { kind: "furthestStage" }
  | { kind: "events" }
  | { kind: "recencyDays" }
  | { kind: "revenue" }
  | { kind: "satisfaction" }
  | { kind: "attribute"; attribute: string; value?: string };

interface FeatureColumn {
  feature: SuggestionFeature;
  /** The raw value (null: unknown, imputed with the mean before clustering). */
  raw: (row: PersonaFeatureRow) => number | null;
  /** The value clustered (before standardising): logs tame long tails. */
  transform?: (x: number) => number;
}

const NUMERIC = /^-?[0-9]+(\.[0-9]+)?$/;

/** An attribute value as a number, as the rule SQL reads it (JSON numbers and numeric strings). */
function asNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && NUMERIC.test(value)) return Number(value);
  return null;
}

/** An attribute value as text, as `attributes ->> name` gives it; null for arrays and objects. */
function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

interface AttributeSummary {
  attribute: string;
  present: number;
  numeric: boolean;
  /** JSON types of the scalar values seen. */
  types: Set<string>;
  counts: Map<string, number>;
}

function summariseAttributes(rows: readonly PersonaFeatureRow[]): AttributeSummary[] {
  const byName = new Map<string, AttributeSummary>();
  for (const row of rows) {
    for (const [attribute, value] of Object.entries(row.attributes)) {
      if (!PERSONA_ATTRIBUTE_PATTERN.test(attribute)) continue;
      const text = asText(value);
      if (text === null) continue;
      let s = byName.get(attribute);
      if (!s) {
        s = { attribute, present: 0, numeric: true, types: new Set(), counts: new Map() };
        byName.set(attribute, s);
      }
      s.present += 1;
      s.types.add(typeof value);
      if (typeof value === "boolean" || asNumber(value) === null) s.numeric = false;
      s.counts.set(text, (s.counts.get(text) ?? 0) + 1);
    }
  }
  return [...byName.values()]
    .filter((s) => s.numeric || s.counts.size <= MAX_CATEGORY_VALUES)
    .sort((a, b) => b.present - a.present || (a.attribute < b.attribute ? -1 : 1))
    .slice(0, MAX_ATTRIBUTES)
    .sort((a, b) => (a.attribute < b.attribute ? -1 : 1));
}

function topValues(s: AttributeSummary): string[] {
  return [...s.counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_VALUES)
    .map(([v]) => v);
}

const signedLog = (x: number) => Math.sign(x) * Math.log1p(Math.abs(x));

function featureColumns(
  features: PersonaFeatures,
  attributes: readonly AttributeSummary[],
): FeatureColumn[] {
  const used = new Set(features.rows.flatMap((r) => r.channels));
  const columns: FeatureColumn[] = [
    ...features.channels
      .filter((c) => used.has(c.key))
      .map(
        (c): FeatureColumn => ({
          feature: { kind: "channel", channel: c.key },
          raw: (r) => (r.channels.includes(c.key) ? 1 : 0),
        }),
      ),
    { feature: { kind: "furthestStage" }, raw: (r) => r.furthestStage },
    { feature: { kind: "events" }, raw: (r) => r.events, transform: Math.log1p },
    { feature: { kind: "recencyDays" }, raw: (r) => r.recencyDays },
    { feature: { kind: "revenue" }, raw: (r) => r.revenue, transform: signedLog },
    { feature: { kind: "satisfaction" }, raw: (r) => (r.satN > 0 ? r.satSum / r.satN : null) },
  ];
  for (const s of attributes) {
    if (s.numeric) {
      columns.push({
        feature: { kind: "attribute", attribute: s.attribute },
        raw: (r) => asNumber(r.attributes[s.attribute]),
      });
    } else {
      for (const value of topValues(s)) {
        columns.push({
          feature: { kind: "attribute", attribute: s.attribute, value },
          raw: (r) => (asText(r.attributes[s.attribute]) === value ? 1 : 0),
        });
      }
    }
  }
  return columns;
}

function mean(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    n += 1;
  }
  return n === 0 ? null : sum / n;
}

/** Columns standardised (z-scores, unknowns at the mean); constant columns are zeros. */
function standardise(raw: (number | null)[][], columns: readonly FeatureColumn[]): number[][] {
  const matrix = raw.map((row) => row.slice() as (number | null)[]);
  columns.forEach((column, j) => {
    const values = raw.map((row) => {
      const v = row[j] ?? null;
      return v === null ? null : column.transform ? column.transform(v) : v;
    });
    const m = mean(values) ?? 0;
    const variance = mean(values.map((v) => (v === null ? null : (v - m) ** 2))) ?? 0;
    const sd = Math.sqrt(variance);
    values.forEach((v, i) => {
      const row = matrix[i];
      if (row) row[j] = sd > 1e-12 && v !== null ? (v - m) / sd : 0;
    });
  });
  return matrix.map((row) => row.map((v) => v ?? 0));
}

// ------------------------------------------------------------------------- choosing k

/** A deterministic generator (mulberry32) for the silhouette's subsample. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Pairwise distances of `points` (the silhouette's, computed once for every k). */
export function distanceMatrix(points: readonly number[][]): Float64Array[] {
  const n = points.length;
  const d = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const row = d[i] as Float64Array;
    const p = points[i] ?? [];
    for (let j = i + 1; j < n; j++) {
      const v = distance(p, points[j] ?? []);
      row[j] = v;
      (d[j] as Float64Array)[i] = v;
    }
  }
  return d;
}

/** The mean silhouette of the points whose distances are `d`, labelled `labels` (k ≥ 2). */
export function silhouette(d: readonly Float64Array[], labels: readonly number[], k: number) {
  let total = 0;
  const n = d.length;
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    counts.fill(0);
    const row = d[i] as Float64Array;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const c = labels[j] ?? 0;
      sums[c] = (sums[c] ?? 0) + (row[j] ?? 0);
      counts[c] = (counts[c] ?? 0) + 1;
    }
    const own = labels[i] ?? 0;
    const ownCount = counts[own] ?? 0;
    if (ownCount === 0) continue; // a singleton's silhouette is 0
    const a = (sums[own] ?? 0) / ownCount;
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const m = counts[c] ?? 0;
      if (c !== own && m > 0) b = Math.min(b, (sums[c] ?? 0) / m);
    }
    if (Number.isFinite(b)) total += (b - a) / Math.max(a, b);
  }
  return n === 0 ? 0 : total / n;
}

// ------------------------------------------------------------------------- the rules

interface Candidate {
  condition: TPersonaCondition;
  matches: Uint8Array;
}

/** Candidate conditions over the attributes, evaluated as the assignment SQL would. */
function candidates(
  rows: readonly PersonaFeatureRow[],
  attributes: readonly AttributeSummary[],
): Candidate[] {
  const out: Candidate[] = [];
  const add = (condition: TPersonaCondition, test: (value: unknown) => boolean) => {
    const matches = new Uint8Array(rows.length);
    rows.forEach((row, i) => {
      if (Object.hasOwn(row.attributes, condition.attribute))
        matches[i] = test(row.attributes[condition.attribute]) ? 1 : 0;
    });
    out.push({ condition, matches });
  };
  for (const s of attributes) {
    const attribute = s.attribute;
    if (s.present < rows.length) add({ attribute, operator: "exists" }, () => true);
    if (s.numeric) {
      const values = rows
        .map((r) => asNumber(r.attributes[attribute]))
        .filter((v): v is number => v !== null)
        .sort((a, b) => a - b);
      const thresholds = new Set(
        [0.1, 0.25, 0.5, 0.75, 0.9].map((q) => values[Math.floor(q * (values.length - 1))] ?? 0),
      );
      for (const t of thresholds) {
        add({ attribute, operator: "gte", value: t }, (v) => (asNumber(v) ?? Number.NaN) >= t);
        add({ attribute, operator: "lt", value: t }, (v) => (asNumber(v) ?? Number.NaN) < t);
      }
    } else {
      const onlyBoolean = s.types.size === 1 && s.types.has("boolean");
      for (const value of topValues(s)) {
        add(
          { attribute, operator: "eq", value: onlyBoolean ? value === "true" : value },
          (v) => asText(v) === value,
        );
      }
    }
  }
  return out;
}

export interface RuleQuality {
  /** Sampled customers the rules match. */
  matched: number;
  /** Of those, the share in the suggestion. */
  precision: number;
  /** Of the suggestion's customers, the share the rules match. */
  coverage: number;
}

/**
 * A greedy rule learner: conditions joined by "all", each the one that most raises
 * precision × coverage for the cluster, at most three, stopping when none raises it.
 */
function learnRules(
  inCluster: Uint8Array,
  clusterSize: number,
  pool: readonly Candidate[],
): { rules: TPersonaRules; quality: RuleQuality | null } {
  const chosen: Candidate[] = [];
  let current: Uint8Array = new Uint8Array(inCluster.length).fill(1);
  let best = 0;
  let bestQuality: RuleQuality | null = null;
  for (let step = 0; step < MAX_RULE_CONDITIONS; step++) {
    let pick: { c: Candidate; score: number; quality: RuleQuality; mask: Uint8Array } | null = null;
    for (const c of pool) {
      if (chosen.some((x) => x.condition.attribute === c.condition.attribute)) continue;
      let matched = 0;
      let hit = 0;
      for (let i = 0; i < current.length; i++) {
        if (current[i] && c.matches[i]) {
          matched += 1;
          if (inCluster[i]) hit += 1;
        }
      }
      if (matched === 0) continue;
      const precision = hit / matched;
      const coverage = hit / clusterSize;
      const score = precision * coverage;
      if (score > best + 1e-9 && (!pick || score > pick.score)) {
        const mask = current.map((v, i) => (v && c.matches[i] ? 1 : 0));
        pick = { c, score, quality: { matched, precision, coverage }, mask };
      }
    }
    if (!pick) break;
    chosen.push(pick.c);
    current = pick.mask;
    best = pick.score;
    bestQuality = pick.quality;
  }
  return {
    rules: { match: "all", conditions: chosen.map((c) => c.condition) },
    quality: bestQuality,
  };
}

// ------------------------------------------------------------------------- suggestions

export interface SuggestionProfileRow {
  feature: SuggestionFeature;
  /** The suggestion's mean (a share for channels and one-hot attributes). */
  mean: number | null;
  /** Everyone's mean (the sample). */
  overall: number | null;
  /** (mean − overall) in standard deviations of everyone: how distinctive it is. */
  difference: number;
}

export interface PersonaSuggestion {
  /** 1-based, largest first. */
  index: number;
  /** Sampled customers in the suggestion. */
  sampled: number;
  /** Its share of active customers. */
  share: number;
  /** Active customers it stands for: share × all active customers (exact when not sampled). */
  customers: number;
  /** Every feature, most distinctive first. */
  profile: SuggestionProfileRow[];
  /** From the sample: customers reaching each stage. */
  funnel: { stage: string; name: string; reached: number; rate: number }[];
  /** From the sample: mean satisfaction per stage and its ratings. */
  emotion: { stage: string; name: string; mean: number | null; n: number }[];
  /** The persona rules that best pick it out (attributes only: persona rules name attributes). */
  rules: TPersonaRules;
  /** How well the rules pick it out, on the sample; null when no attribute helps. */
  ruleQuality: RuleQuality | null;
}

export interface PersonaSuggestions {
  totalCustomers: number;
  sampled: number;
  seed: number;
  k: number;
  kChosenBy: "silhouette" | "admin";
  /** Mean silhouette per k tried. */
  silhouettes: { k: number; score: number }[];
  suggestions: PersonaSuggestion[];
}

export interface SuggestOptions {
  /** The number of clusters; chosen by silhouette among 3–6 when absent. */
  k?: number;
  seed?: number;
}

/** The fewest customers worth clustering: below it, there are no suggestions. */
export const SUGGESTION_MIN_CUSTOMERS = 10;

/** Clusters the customers of `features` and describes each cluster. */
export function suggestPersonas(
  features: PersonaFeatures,
  options: SuggestOptions = {},
): PersonaSuggestions {
  const seed = options.seed ?? features.seed;
  const rows = features.rows;
  const empty: PersonaSuggestions = {
    totalCustomers: features.totalCustomers,
    sampled: rows.length,
    seed,
    k: options.k ?? 0,
    kChosenBy: options.k ? "admin" : "silhouette",
    silhouettes: [],
    suggestions: [],
  };
  if (rows.length < SUGGESTION_MIN_CUSTOMERS) return empty;

  const attributes = summariseAttributes(rows);
  const columns = featureColumns(features, attributes);
  const raw = rows.map((r) => columns.map((c) => c.raw(r)));
  const points = standardise(raw, columns);

  const run = (data: number[][], k: number) =>
    kmeans(data, k, {
      initialization: "kmeans++",
      seed,
      maxIterations: MAX_ITERATIONS,
      tolerance: TOLERANCE,
    }).clusters;

  // k is chosen on a fixed subsample (the same customers for every k): k-means on the first
  // K_CHOICE_POINTS of a seeded shuffle, silhouettes on the first SILHOUETTE_POINTS of those.
  const next = random(seed);
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const choice = order.slice(0, K_CHOICE_POINTS).map((i) => points[i] ?? []);
  const distances = distanceMatrix(choice.slice(0, SILHOUETTE_POINTS));
  const score = (k: number, labels: number[]) => ({
    k,
    score: silhouette(distances, labels.slice(0, SILHOUETTE_POINTS), k),
  });

  let k: number;
  const silhouettes: { k: number; score: number }[] = [];
  if (options.k) {
    k = Math.min(options.k, rows.length);
  } else {
    let best: { k: number; score: number } | null = null;
    for (const candidate of SUGGESTION_AUTO_K) {
      if (candidate >= choice.length) break;
      const s = score(candidate, run(choice, candidate));
      silhouettes.push(s);
      if (!best || s.score > best.score + 1e-12) best = s;
    }
    if (!best) return empty;
    k = best.k;
  }
  const labels = run(points, k);
  if (options.k) {
    silhouettes.push(
      score(
        k,
        order.slice(0, SILHOUETTE_POINTS).map((i) => labels[i] ?? 0),
      ),
    );
  }

  // Everyone's means and spreads, for the profile.
  const overall = columns.map((_, j) => mean(raw.map((r) => r[j] ?? null)));
  const spread = columns.map((_, j) => {
    const m = overall[j] ?? null;
    if (m === null) return 0;
    return Math.sqrt(mean(raw.map((r) => (r[j] == null ? null : ((r[j] ?? 0) - m) ** 2))) ?? 0);
  });
  const pool = candidates(rows, attributes);
  const sampledShare = features.totalCustomers > 0 ? rows.length / features.totalCustomers : 1;

  const clusters = Array.from({ length: k }, (_, c) =>
    rows.flatMap((_, i) => (labels[i] === c ? [i] : [])),
  )
    .filter((members) => members.length > 0)
    .sort((a, b) => b.length - a.length || (a[0] ?? 0) - (b[0] ?? 0));

  const suggestions = clusters.map((members, index): PersonaSuggestion => {
    const inCluster = new Uint8Array(rows.length);
    for (const i of members) inCluster[i] = 1;
    const memberRows = members.flatMap((i) => (rows[i] ? [rows[i]] : []));
    const profile = columns
      .map((column, j): SuggestionProfileRow => {
        const m = mean(members.map((i) => raw[i]?.[j] ?? null));
        const o = overall[j] ?? null;
        const sd = spread[j] ?? 0;
        return {
          feature: column.feature,
          mean: m,
          overall: o,
          difference: m === null || o === null || sd < 1e-12 ? 0 : (m - o) / sd,
        };
      })
      .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference));
    const { rules, quality } = learnRules(inCluster, members.length, pool);
    const share = members.length / rows.length;
    return {
      index: index + 1,
      sampled: members.length,
      share,
      customers: sampledShare >= 1 ? members.length : Math.round(share * features.totalCustomers),
      profile,
      funnel: features.stages.map((s) => {
        const reached = memberRows.filter((r) => r.stages.includes(s.key)).length;
        return { stage: s.key, name: s.name, reached, rate: reached / members.length };
      }),
      emotion: features.stages.map((s) => {
        let sum = 0;
        let n = 0;
        for (const r of memberRows) {
          sum += r.stageSatisfaction[s.key]?.sum ?? 0;
          n += r.stageSatisfaction[s.key]?.n ?? 0;
        }
        return { stage: s.key, name: s.name, mean: n > 0 ? sum / n : null, n };
      }),
      rules,
      ruleQuality: quality,
    };
  });

  return {
    totalCustomers: features.totalCustomers,
    sampled: rows.length,
    seed,
    k,
    kChosenBy: options.k ? "admin" : "silhouette",
    silhouettes,
    suggestions,
  };
}

export interface GetPersonaSuggestionsParams extends GetPersonaFeaturesParams, SuggestOptions {}
