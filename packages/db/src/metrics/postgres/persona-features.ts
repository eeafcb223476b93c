import { coded } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import { CatalogueError } from "../../queries/errors";
import {
  buildPersonaFeatures,
  type GetPersonaFeaturesParams,
  type GetPersonaSuggestionsParams,
  type PersonaFeatureSqlRow,
  type PersonaFeatures,
  type PersonaSuggestions,
  SUGGESTION_SAMPLE_SIZE,
  suggestPersonas,
} from "../persona-suggestions";
import { eventFilterSql, REVENUE_CENTS, resolveFilter, ts } from "./filter";

/**
 * One row per customer active in the period (events matching the filter): the stages reached
 * (a bitmask) and channels used (ids), events, revenue, last event, satisfaction (overall and per
 * stage) and attributes. Above `sampleSize` customers, the ones whose md5(id:seed) sorts first:
 * a fixed-seed sample that ClickHouse draws the same way.
 */
export async function getPersonaFeatures(
  db: Database,
  params: GetPersonaFeaturesParams,
): Promise<PersonaFeatures> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const { stages } = f.catalogue;
  if (stages.length > 62) throw new CatalogueError(coded("tooManyStages", { max: 62 }));
  const seed = params.seed ?? 1;
  const limit = params.sampleSize ?? SUGGESTION_SAMPLE_SIZE;
  const stageBit =
    stages.length === 0
      ? sql`0::bigint`
      : sql`CASE e.stage_id ${sql.join(
          stages.map((stage, i) => sql`WHEN ${stage.id} THEN ${2 ** i}::bigint`),
          sql` `,
        )} ELSE 0::bigint END`;
  const where = sql`e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
    AND ${eventFilterSql(f)}`;
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(DISTINCT e.customer_id)::int AS n FROM events e WHERE ${where}`,
  );
  const rows = await queryRows<PersonaFeatureSqlRow>(
    db,
    sql`
      WITH per_customer AS (
        SELECT e.customer_id,
          bit_or(${stageBit})::text AS stages,
          array_agg(DISTINCT e.channel_id) AS channels,
          count(*)::int AS events,
          sum(${REVENUE_CENTS})::text AS revenue_cents,
          (extract(epoch FROM max(e.occurred_at)) * 1000000)::bigint::text AS last_us,
          sum(e.satisfaction)::float8 AS sat_sum,
          count(e.satisfaction)::int AS sat_n
          ${sql.join(
            stages.map(
              (s, i) =>
                sql`, sum(e.satisfaction) FILTER (WHERE e.stage_id = ${s.id})::float8 AS ${sql.raw(`sat_sum_${i}`)},
                  (count(e.satisfaction) FILTER (WHERE e.stage_id = ${s.id}))::int AS ${sql.raw(`sat_n_${i}`)}`,
            ),
            sql``,
          )}
        FROM events e
        WHERE ${where}
        GROUP BY e.customer_id
      )
      SELECT pc.*, c.attributes::text AS attributes
      FROM per_customer pc
      JOIN customers c ON c.id = pc.customer_id
      ORDER BY md5(pc.customer_id::text || ':' || ${String(seed)}::text)
      LIMIT ${limit}`,
  );
  return buildPersonaFeatures(f, count?.n ?? 0, seed, rows);
}

/** Persona suggestions from PostgreSQL's feature rows (the clustering runs in Node). */
export async function getPersonaSuggestions(
  db: Database,
  params: GetPersonaSuggestionsParams,
): Promise<PersonaSuggestions> {
  return suggestPersonas(await getPersonaFeatures(db, params), params);
}
