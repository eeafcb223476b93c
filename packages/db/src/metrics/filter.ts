import { coded, splitFilterKeys, type TAnalyticsFilter, UNASSIGNED } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { CatalogueError, UnknownKeyError } from "../queries/errors";
import { type CohortDefinition, type ResolvedCohort, resolveCohort } from "./cohorts";

// Validators owns the key; re-exported for the metrics that read it from here.
export { UNASSIGNED } from "@parcours/validators";

/** A filter whose keys are resolved to ids against the catalogue. */
export interface ResolvedFilter {
  from: Date;
  to: Date;
  personaIds: number[] | undefined;
  includeUnassigned: boolean;
  channelIds: number[] | undefined;
  touchpointIds: number[] | undefined;
  /** Only the customers of this cohort (filter.cohort), when set. */
  cohort: ResolvedCohort | undefined;
  catalogue: Catalogue;
}

function resolveKeys(
  wanted: string[] | undefined,
  known: { id: number; key: string }[],
): number[] | undefined {
  if (!wanted || wanted.length === 0) return undefined;
  const byKey = new Map(known.map((k) => [k.key, k.id]));
  return wanted.flatMap((key) => byKey.get(key) ?? []);
}

/**
 * resolveFilter against a catalogue already read (the ClickHouse metrics take it so). A key the
 * catalogue does not know is refused (UnknownKeyError, a 400), by the rule of splitFilterKeys.
 */
export function resolveFilterWith(
  filter: TAnalyticsFilter,
  cat: Catalogue,
  cohort?: CohortDefinition,
): ResolvedFilter {
  if (filter.cohort !== undefined && cohort?.id !== filter.cohort) {
    throw new Error(`cohort ${filter.cohort} was not read before resolving the filter`);
  }
  const { unknown } = splitFilterKeys(filter, cat);
  if (unknown.personas.length > 0) throw new UnknownKeyError("persona", unknown.personas);
  if (unknown.channels.length > 0) throw new UnknownKeyError("channel", unknown.channels);
  if (unknown.touchpoints.length > 0) throw new UnknownKeyError("touchpoint", unknown.touchpoints);
  const personaKeys = filter.personas?.filter((k) => k !== UNASSIGNED);
  const includeUnassigned = filter.personas?.includes(UNASSIGNED) ?? false;
  return {
    from: filter.from,
    to: filter.to,
    personaIds:
      filter.personas && filter.personas.length > 0
        ? (resolveKeys(personaKeys, cat.personas) ?? [])
        : undefined,
    includeUnassigned,
    channelIds: resolveKeys(filter.channels, cat.channels),
    touchpointIds: resolveKeys(filter.touchpoints, cat.touchpoints),
    cohort: filter.cohort !== undefined && cohort ? resolveCohort(cohort, cat) : undefined,
    catalogue: cat,
  };
}

/** Whether a persona (null: unassigned customers) passes the filter's persona selection. */
export function personaSelected(f: ResolvedFilter, id: number | null): boolean {
  return !f.personaIds || (id === null ? f.includeUnassigned : f.personaIds.includes(id));
}

/** The series a per-persona result lists: active personas by priority, then unassigned. */
export function selectedPersonaIds(f: ResolvedFilter): (number | null)[] {
  return [...f.catalogue.personas.map((p) => p.id), null].filter((id) => personaSelected(f, id));
}

/** A sum of REVENUE_CENTS (bigint, sent as text) back in the currency's units. */
export function fromCents(value: unknown): number {
  return num(value) / 100;
}

export function conversionStage(catalogue: Catalogue) {
  const stage = catalogue.stages.find((s) => s.isConversion);
  if (!stage) throw new CatalogueError(coded("noConversionStage"));
  return stage;
}

/** Ratings below this count are reported with their n but flagged as too few to trust. */
export const MIN_RATINGS = 10;

export interface Satisfaction {
  /** Mean rating 1–5, or null when nothing was rated. */
  mean: number | null;
  /** Number of rated events behind the mean. */
  n: number;
  /** False when n < MIN_RATINGS: show "too few ratings" rather than the number. */
  sufficient: boolean;
}

export function satisfaction(sum: number | null, n: number): Satisfaction {
  return {
    mean: n > 0 && sum !== null ? sum / n : null,
    n,
    sufficient: n >= MIN_RATINGS,
  };
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === "number" ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === "number" ? value : Number(value);
}
