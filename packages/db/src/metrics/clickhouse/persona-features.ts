import { coded } from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
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
import {
  type ClickHouseMetricParams,
  eventFilter,
  inPeriod,
  ON_THE_SHARDS,
  PER_CUSTOMER_SETTINGS,
  resolve,
} from "./filter";

export type ClickHousePersonaFeaturesParams = Omit<GetPersonaFeaturesParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * PostgreSQL's feature rows (postgres/persona-features.ts): one row per active customer, its
 * current attributes from `customers FINAL`, the same md5(id:seed) sample.
 */
export async function getPersonaFeatures(
  ch: ClickHouse,
  params: ClickHousePersonaFeaturesParams,
): Promise<PersonaFeatures> {
  const f = resolve(params);
  const stages = f.catalogue.stages;
  if (stages.length > 62) throw new CatalogueError(coded("tooManyStages", { max: 62 }));
  const seed = params.seed ?? 1;
  const limit = params.sampleSize ?? SUGGESTION_SAMPLE_SIZE;
  const stageBit =
    stages.length === 0
      ? chSql`toUInt64(0)`
      : chSql`multiIf(${joinSql(
          stages.map((s, i) => chSql`stage_id = ${lit.uint(s.id)}, ${lit.uint(2n ** BigInt(i))}`),
          ", ",
        )}, toUInt64(0))`;
  const where = chSql`${inPeriod(f.from, f.to)} AND ${eventFilter(f)}`;
  const [count] = await ch.query<{ n: number | string }>(
    chSql`SELECT uniqExact(customer_id) AS n FROM events WHERE ${where}`,
  );
  const perStage = stages.map(
    (s, i) => chSql`,
      sumIf(satisfaction, stage_id = ${lit.uint(s.id)}) AS ${lit.ident(`sat_sum_${i}`)},
      countIf(satisfaction IS NOT NULL AND stage_id = ${lit.uint(s.id)}) AS ${lit.ident(`sat_n_${i}`)}`,
  );
  const rows = await ch.query<PersonaFeatureSqlRow>(chSql`
    SELECT customer_id, toString(reached) AS stages, used AS channels, n AS events,
      rev AS revenue_cents, toString(last) AS last_us, ss AS sat_sum, sn AS sat_n,
      ${joinSql(
        stages.flatMap((_, i) => [lit.ident(`sat_sum_${i}`), lit.ident(`sat_n_${i}`)]),
        ", ",
      )}${stages.length > 0 ? chSql`,` : chSql``}
      attributes
    FROM (
      SELECT customer_id,
        groupBitOr(${stageBit}) AS reached,
        groupUniqArray(channel_id) AS used,
        count() AS n,
        sum(revenue_cents) AS rev,
        max(occurred_us) AS last,
        sum(satisfaction) AS ss,
        count(satisfaction) AS sn
        ${joinSql(perStage, "")}
      FROM events
      WHERE ${where}
      GROUP BY customer_id
      ${ON_THE_SHARDS}) AS per_customer
    ANY LEFT JOIN (SELECT id AS customer_id, attributes FROM customers FINAL) AS current
      USING customer_id
    ORDER BY lower(hex(MD5(concat(toString(customer_id), ':', ${lit.str(String(seed))}))))
    LIMIT ${lit.uint(limit)}
    ${PER_CUSTOMER_SETTINGS}`);
  return buildPersonaFeatures(f, Number(count?.n ?? 0), seed, rows);
}

/** Persona suggestions from ClickHouse's feature rows (the clustering runs in Node). */
export async function getPersonaSuggestions(
  ch: ClickHouse,
  params: Omit<GetPersonaSuggestionsParams, "catalogue"> & ClickHouseMetricParams,
): Promise<PersonaSuggestions> {
  return suggestPersonas(await getPersonaFeatures(ch, params), params);
}
