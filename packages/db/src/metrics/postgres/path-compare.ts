import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildPathComparison,
  type GetPathComparisonParams,
  type PathComparison,
  type PathGroupMatch,
  type PathGroupSqlRow,
  planPathComparison,
} from "../path-compare";
import { resolveFilter } from "./filter";
import { walksSql } from "./paths";

function matchSql(match: PathGroupMatch): SQL {
  if (match.kind === "path") return sql`p.path = ${match.path}`;
  const persona =
    match.personaId === null ? sql`c.persona_id IS NULL` : sql`c.persona_id = ${match.personaId}`;
  return sql`EXISTS (SELECT 1 FROM customers c WHERE c.id = p.customer_id AND ${persona})`;
}

/** Two sides of the observed paths from one start, side by side (docs/metrics.md). */
export async function getPathComparison(
  db: Database,
  params: GetPathComparisonParams,
): Promise<PathComparison> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const plan = planPathComparison(f, params);
  const sides = [sql`true`, ...plan.groups.map(matchSql)];
  const rows = await queryRows<PathGroupSqlRow>(
    db,
    sql`
      WITH ${walksSql(plan, true)}
      ${sql.join(
        sides.map(
          (where, i) => sql`
            SELECT ${i - 1}::int AS g, count(*)::int AS customers,
              (count(*) FILTER (WHERE p.converted))::int AS converted,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY p.to_conversion) AS median_s,
              sum(p.rating_sum)::bigint AS rating_sum, coalesce(sum(p.ratings), 0)::bigint AS ratings
            FROM per_customer p
            WHERE ${where}`,
        ),
        sql` UNION ALL `,
      )}`,
  );
  return buildPathComparison(plan, params, rows);
}
