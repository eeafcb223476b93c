import type { TPathGroup } from "@parcours/validators";
import { UnknownKeyError } from "../queries/errors";
import {
  num,
  numOrNull,
  type ResolvedFilter,
  ratio,
  type Satisfaction,
  satisfaction,
  UNASSIGNED,
} from "./filter";
import { type GetObservedPathsParams, type PathsPlan, planPaths } from "./paths";

export interface GetPathComparisonParams extends GetObservedPathsParams {
  /** The two sides, A then B. */
  groups: [TPathGroup, TPathGroup];
}

/** One side's customers and what they did within W of their entry. */
export interface PathGroupFigures {
  group: TPathGroup;
  /** The path's step names, or the persona's name. */
  name: string;
  customers: number;
  /** customers ÷ entrants. */
  share: number | null;
  /** Customers whose walk reached the conversion stage (within W of the entry). */
  converted: number;
  conversion: number | null;
  /** Continuous median of the time from the entry to the first conversion-stage event, converters only (seconds). */
  medianSecondsToConversion: number | null;
  /** Mean rating of the rated events of the side's walks (entry to W after it), with n. */
  satisfaction: Satisfaction;
}

export interface PathComparison {
  start: { kind: "stage" | "touchpoint"; key: string; name: string };
  level: "stage" | "touchpoint";
  steps: number;
  windowSeconds: number;
  conversionStage: { key: string; name: string };
  /** Every customer with an entry in the period (the shares' denominator). */
  entrants: number;
  groups: [PathGroupFigures, PathGroupFigures];
  /** B − A; null where either side has no figure. */
  difference: {
    customers: number;
    share: number | null;
    conversion: number | null;
    medianSecondsToConversion: number | null;
    satisfaction: number | null;
  };
}

/** A side as the engines' SQL matches it: a path's step ids joined by ">", or a persona id (null: unassigned). */
export type PathGroupMatch =
  | { kind: "path"; path: string }
  | { kind: "persona"; personaId: number | null };

export interface PathComparePlan extends PathsPlan {
  groups: [PathGroupMatch, PathGroupMatch];
  names: [string, string];
}

function matchOf(
  plan: PathsPlan,
  f: ResolvedFilter,
  group: TPathGroup,
): { match: PathGroupMatch; name: string } {
  if (group.kind === "path") {
    const byKey = new Map([...plan.stepOf.entries()].map(([id, s]) => [s.key, { id, ...s }]));
    const unknown = group.steps.filter((key) => !byKey.has(key));
    if (unknown.length > 0) throw new UnknownKeyError(plan.level, unknown);
    const steps = group.steps.map((key) => byKey.get(key) ?? { id: 0, key, name: key });
    return {
      match: { kind: "path", path: steps.map((s) => s.id).join(">") },
      name: steps.map((s) => s.name).join(" → "),
    };
  }
  if (group.persona === UNASSIGNED) {
    return { match: { kind: "persona", personaId: null }, name: UNASSIGNED };
  }
  const persona = f.catalogue.personas.find((p) => p.key === group.persona);
  if (!persona) throw new UnknownKeyError("persona", [group.persona]);
  return { match: { kind: "persona", personaId: persona.id }, name: persona.name };
}

export function planPathComparison(
  f: ResolvedFilter,
  params: GetPathComparisonParams,
): PathComparePlan {
  const plan = planPaths(f, params);
  const [a, b] = params.groups;
  const ma = matchOf(plan, f, a);
  const mb = matchOf(plan, f, b);
  return { ...plan, groups: [ma.match, mb.match], names: [ma.name, mb.name] };
}

/** One side's sums from the engines (`g` 0 or 1), or every entrant's (`g` −1). */
export interface PathGroupSqlRow {
  g: number | string;
  customers: number | string;
  converted: number | string;
  median_s: number | string | null;
  rating_sum: number | string | null;
  ratings: number | string;
}

const diff = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : b - a;

export function buildPathComparison(
  plan: PathComparePlan,
  params: GetPathComparisonParams,
  rows: PathGroupSqlRow[],
): PathComparison {
  const entrants = num(rows.find((r) => num(r.g) === -1)?.customers);
  const side = (i: 0 | 1): PathGroupFigures => {
    const row = rows.find((r) => num(r.g) === i);
    const customers = num(row?.customers);
    const converted = num(row?.converted);
    return {
      group: params.groups[i],
      name: plan.names[i],
      customers,
      share: ratio(customers, entrants),
      converted,
      conversion: ratio(converted, customers),
      medianSecondsToConversion: numOrNull(row?.median_s),
      satisfaction: satisfaction(numOrNull(row?.rating_sum), num(row?.ratings)),
    };
  };
  const a = side(0);
  const b = side(1);
  return {
    start: { kind: plan.start.kind, key: plan.start.key, name: plan.start.name },
    level: plan.level,
    steps: plan.steps,
    windowSeconds: plan.windowSeconds,
    conversionStage: { key: plan.conversion.key, name: plan.conversion.name },
    entrants,
    groups: [a, b],
    difference: {
      customers: b.customers - a.customers,
      share: diff(a.share, b.share),
      conversion: diff(a.conversion, b.conversion),
      medianSecondsToConversion: diff(a.medianSecondsToConversion, b.medianSecondsToConversion),
      satisfaction: diff(a.satisfaction.mean, b.satisfaction.mean),
    },
  };
}
