import type { TAnalyticsFilter } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import type { Catalogue } from "./catalogue";
import {
  eventFilterSql,
  num,
  numOrNull,
  type ResolvedFilter,
  resolveFilter,
  type Satisfaction,
  satisfaction,
  selectedPersonaIds,
  ts,
  UNASSIGNED,
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

/** Average satisfaction per stage with n and spread, overall and per persona. */
export async function getEmotionCurve(
  db: Database,
  params: GetEmotionCurveParams,
): Promise<EmotionCurve> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const rows = await queryRows<EmotionSqlRow>(
    db,
    sql`
      SELECT c.persona_id, grouping(c.persona_id) = 1 AS overall, e.stage_id,
        sum(e.satisfaction)::float8 AS sat_sum,
        count(*)::int AS sat_n,
        stddev_samp(e.satisfaction)::float8 AS stddev
      FROM events e
      JOIN customers c ON c.id = e.customer_id
      WHERE e.satisfaction IS NOT NULL
        AND e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
        AND ${eventFilterSql(f)}
      GROUP BY GROUPING SETS ((e.stage_id), (c.persona_id, e.stage_id))`,
  );

  return buildEmotionCurve(f, rows);
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
