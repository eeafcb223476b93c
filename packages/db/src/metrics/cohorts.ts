import { type TCohortCondition, type TCohortRule, UNASSIGNED } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { UnknownKeyError } from "../queries/errors";

/**
 * A cohort as a filter reads it (issue 19 item 3, docs/metrics.md "Cohorts"). Static: its stored
 * members; `members` holds their internal ids when the engine needs them inlined (ClickHouse),
 * null when it reads them by a subquery (PostgreSQL). Dynamic: its rule, evaluated over the
 * period of each query.
 */
export type CohortDefinition =
  | { id: number; kind: "static"; members: number[] | null }
  | { id: number; kind: "dynamic"; rule: TCohortRule };

/** A rule's condition with its keys resolved to catalogue ids. */
export type ResolvedCohortCondition =
  | { kind: "attribute"; attribute: string; value: string | number | boolean }
  | { kind: "persona"; personaId: number | null }
  | { kind: "reachedStage"; stageId: number }
  | { kind: "touched"; touchpointId: number; maxRating: number | null }
  | { kind: "notReturned"; days: number };

export type ResolvedCohort =
  | { id: number; kind: "static"; members: number[] | null }
  | { id: number; kind: "dynamic"; conditions: ResolvedCohortCondition[] };

function idOf(
  kind: "stage" | "touchpoint" | "persona",
  key: string,
  known: { id: number; key: string }[],
) {
  const found = known.find((k) => k.key === key);
  if (!found) throw new UnknownKeyError(kind, [key]);
  return found.id;
}

/** A rule's conditions against the catalogue; a key it does not know is refused (a 400). */
export function resolveCohortRule(rule: TCohortRule, cat: Catalogue): ResolvedCohortCondition[] {
  return rule.conditions.map((c) => resolveCondition(c, cat));
}

function resolveCondition(c: TCohortCondition, cat: Catalogue): ResolvedCohortCondition {
  switch (c.kind) {
    case "attribute":
      return { kind: "attribute", attribute: c.attribute, value: c.value };
    case "persona":
      return {
        kind: "persona",
        personaId: c.persona === UNASSIGNED ? null : idOf("persona", c.persona, cat.personas),
      };
    case "reachedStage":
      return { kind: "reachedStage", stageId: idOf("stage", c.stage, cat.stages) };
    case "touched":
      return {
        kind: "touched",
        touchpointId: idOf("touchpoint", c.touchpoint, cat.touchpoints),
        maxRating: c.maxRating ?? null,
      };
    case "notReturned":
      return { kind: "notReturned", days: c.days };
  }
}

export function resolveCohort(cohort: CohortDefinition, cat: Catalogue): ResolvedCohort {
  return cohort.kind === "static"
    ? cohort
    : { id: cohort.id, kind: "dynamic", conditions: resolveCohortRule(cohort.rule, cat) };
}
