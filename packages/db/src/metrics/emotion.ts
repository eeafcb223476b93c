import { type TAnalyticsFilter, UNASSIGNED } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import {
  num,
  numOrNull,
  type ResolvedFilter,
  type Satisfaction,
  satisfaction,
  selectedPersonaIds,
} from "./filter";

export interface GetEmotionCurveParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
}

export interface EmotionPoint {
  stage: string;
  satisfaction: Satisfaction;
  /** Sample standard deviation of the ratings; null below 2 ratings. */
  stddev: number | null;
}

export interface EmotionSeries {
  /** `overall`, a persona key, or `unassigned`. */
  series: string;
  name: string | null;
  colour: string | null;
  points: EmotionPoint[];
}

export interface EmotionCurve {
  stages: { key: string; name: string }[];
  overall: EmotionSeries;
  personas: EmotionSeries[];
}

/** One (persona, stage) or (overall, stage) group's ratings, as either engine returns them. */
export interface EmotionSqlRow {
  persona_id: number | null;
  overall: boolean;
  stage_id: number;
  sat_sum: number | string | null;
  sat_n: number | string;
  stddev: number | null;
}

/** The curves from per-group ratings: overall, then every selected persona, every stage. */
export function buildEmotionCurve(f: ResolvedFilter, rows: EmotionSqlRow[]): EmotionCurve {
  const series = (match: (row: EmotionSqlRow) => boolean): EmotionPoint[] =>
    f.catalogue.stages.map((stage) => {
      const row = rows.find((r) => r.stage_id === stage.id && match(r));
      return {
        stage: stage.key,
        satisfaction: satisfaction(numOrNull(row?.sat_sum), num(row?.sat_n)),
        stddev: numOrNull(row?.stddev),
      };
    });

  const personas = selectedPersonaIds(f).map((id): EmotionSeries => {
    const persona = f.catalogue.personas.find((p) => p.id === id);
    return {
      series: id === null ? UNASSIGNED : (persona?.key ?? `persona-${id}`),
      name: persona?.name ?? null,
      colour: persona?.colour ?? null,
      points: series((r) => !r.overall && r.persona_id === id),
    };
  });

  return {
    stages: f.catalogue.stages.map((s) => ({ key: s.key, name: s.name })),
    overall: { series: "overall", name: null, colour: null, points: series((r) => r.overall) },
    personas,
  };
}
