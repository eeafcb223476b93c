import type {
  TAnalyticsFilter,
  TCustomerSort,
  TCustomerSource,
  TFunnelStep,
} from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { UnknownKeyError } from "../queries/errors";
import { fromCents, num, type ResolvedFilter, type Satisfaction, satisfaction } from "./filter";

/**
 * The drill-down: the customers behind a figure (docs/metrics.md, "Drill-down"). Each source is
 * the population its metric counts, so the list's total equals the number on the page.
 */
export interface GetCustomerListParams {
  filter: TAnalyticsFilter;
  catalogue?: Catalogue;
  source: TCustomerSource;
  sort?: TCustomerSort;
  offset?: number;
  limit?: number;
}

export interface CustomerListRow {
  externalId: string;
  /** Persona key, or null for a customer no persona matched. */
  persona: string | null;
  attributes: Record<string, unknown>;
  /** First and last event, events, revenue and rating: over the period, after the event filters. */
  firstSeen: Date;
  lastSeen: Date;
  events: number;
  /** Net revenue in the currency's units. */
  revenue: number;
  rating: Satisfaction;
}

export interface CustomerList {
  /** How many customers the figure counts (all pages). */
  total: number;
  offset: number;
  limit: number;
  rows: CustomerListRow[];
}

export const DEFAULT_CUSTOMER_SORT: TCustomerSort = { by: "lastSeen", dir: "desc" };

/** A customer's row as both engines' SQL return it (times in microseconds since the epoch). */
export interface CustomerSqlRow {
  external_id: string;
  persona_id: number | string | null;
  attributes: unknown;
  first_us: number | string;
  last_us: number | string;
  events: number | string;
  revenue_cents: number | string | null;
  sat_sum: number | string | null;
  sat_n: number | string;
}

function parseAttributes(value: unknown): Record<string, unknown> {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

export function buildCustomerRows(f: ResolvedFilter, rows: CustomerSqlRow[]): CustomerListRow[] {
  const personaKey = new Map(f.catalogue.personas.map((p) => [p.id, p.key]));
  return rows.map((row) => {
    const personaId = row.persona_id === null ? 0 : Number(row.persona_id);
    const n = num(row.sat_n);
    return {
      externalId: row.external_id,
      persona: personaKey.get(personaId) ?? null,
      attributes: parseAttributes(row.attributes),
      firstSeen: new Date(Math.floor(num(row.first_us) / 1000)),
      lastSeen: new Date(Math.floor(num(row.last_us) / 1000)),
      events: num(row.events),
      revenue: fromCents(row.revenue_cents),
      rating: satisfaction(row.sat_sum === null ? null : num(row.sat_sum), n),
    };
  });
}

/** The ids a heatmap or persona-stage source names, checked against the catalogue. */
export function sourceIds(
  source: TCustomerSource,
  catalogue: Catalogue,
): { stageId?: number; touchpointId?: number; personaId?: number | null } {
  const find = (kind: "stage" | "touchpoint" | "persona", key: string) => {
    const list =
      kind === "stage"
        ? catalogue.stages
        : kind === "touchpoint"
          ? catalogue.touchpoints
          : catalogue.personas;
    const item = list.find((x) => x.key === key);
    if (!item) throw new UnknownKeyError(kind, [key]);
    return item.id;
  };
  switch (source.kind) {
    case "heatmap":
      return {
        stageId: find("stage", source.stage),
        touchpointId: find("touchpoint", source.touchpoint),
      };
    case "persona-stage":
      return {
        stageId: find("stage", source.stage),
        personaId: source.persona === "unassigned" ? null : find("persona", source.persona),
      };
    default:
      return {};
  }
}

/**
 * Which funnel level a customer must reach, and which one not, to be in a funnel source: the
 * step's count is level `step` reached; converted is level step + 1 reached; dropped is level
 * step − 1 reached and level `step` not (the step's drop-off).
 */
export function funnelLevels(source: {
  step: number;
  outcome: "reached" | "converted" | "dropped";
  steps: TFunnelStep[];
}): { reach: number; notReach: number | null } {
  switch (source.outcome) {
    case "reached":
      return { reach: source.step, notReach: null };
    case "converted":
      return { reach: source.step + 1, notReach: null };
    case "dropped":
      return { reach: source.step - 1, notReach: source.step };
  }
}
