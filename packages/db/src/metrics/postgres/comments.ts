import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import { UnknownKeyError } from "../../queries/errors";
import {
  type CellComments,
  type CommentCount,
  distinctiveTerms,
  type GetCellCommentsParams,
  type GetCommentCountsParams,
  MAX_COMMENTS_ANALYSED,
} from "../comments";
import { eventFilterSql, resolveFilter, ts } from "./filter";

/** How many comments each journey-map cell holds in the period (cells without any are left out). */
export async function getCommentCounts(
  db: Database,
  params: GetCommentCountsParams,
): Promise<CommentCount[]> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const rows = await queryRows<{ stage_id: number; touchpoint_id: number; n: number }>(
    db,
    sql`SELECT e.stage_id, e.touchpoint_id, count(*)::int AS n
        FROM events e
        WHERE e.comment IS NOT NULL
          AND e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
          AND ${eventFilterSql(f)}
        GROUP BY e.stage_id, e.touchpoint_id`,
  );
  const stages = new Map(f.catalogue.stages.map((s) => [s.id, s.key]));
  const touchpoints = new Map(f.catalogue.touchpoints.map((t) => [t.id, t.key]));
  return rows.flatMap((r) => {
    const stage = stages.get(r.stage_id);
    const touchpoint = touchpoints.get(r.touchpoint_id);
    return stage && touchpoint ? [{ stage, touchpoint, comments: r.n }] : [];
  });
}

/**
 * A cell's comments, lowest-rated first (unrated last, then the latest), their number, and the
 * words that set them apart from the rest of the stage's comments in the same period.
 */
export async function getCellComments(
  db: Database,
  params: GetCellCommentsParams,
): Promise<CellComments> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const stage = f.catalogue.stages.find((s) => s.key === params.stage);
  if (!stage) throw new UnknownKeyError("stage", [params.stage]);
  const touchpoint = f.catalogue.touchpoints.find((t) => t.key === params.touchpoint);
  if (!touchpoint) throw new UnknownKeyError("touchpoint", [params.touchpoint]);
  const inStage = sql`e.comment IS NOT NULL AND e.stage_id = ${stage.id}
    AND e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
    AND ${eventFilterSql(f)}`;
  const inCell = sql`${inStage} AND e.touchpoint_id = ${touchpoint.id}`;

  // One after another: a request's statements share one connection (PGlite, or the fair
  // share's transaction).
  const listed = await queryRows<{
    event_id: string;
    customer: string;
    occurred_at: Date | string;
    satisfaction: number | null;
    comment: string;
  }>(
    db,
    sql`SELECT e.event_id, cu.external_id AS customer, e.occurred_at, e.satisfaction, e.comment
          FROM events e JOIN customers cu ON cu.id = e.customer_id
          WHERE ${inCell}
          ORDER BY e.satisfaction ASC NULLS LAST, e.occurred_at DESC, e.event_id
          LIMIT ${params.limit}`,
  );
  const [total] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM events e WHERE ${inCell}`,
  );
  const cellTexts = await queryRows<{ comment: string }>(
    db,
    sql`SELECT e.comment FROM events e WHERE ${inCell}
        ORDER BY e.occurred_at DESC LIMIT ${MAX_COMMENTS_ANALYSED}`,
  );
  const restTexts = await queryRows<{ comment: string }>(
    db,
    sql`SELECT e.comment FROM events e
        WHERE ${inStage} AND e.touchpoint_id <> ${touchpoint.id}
        ORDER BY e.occurred_at DESC LIMIT ${MAX_COMMENTS_ANALYSED}`,
  );
  const cell = cellTexts.map((r) => r.comment);
  const rest = restTexts.map((r) => r.comment);
  return {
    stage: stage.key,
    touchpoint: touchpoint.key,
    total: total?.n ?? 0,
    comments: listed.map((r) => ({
      eventId: r.event_id,
      customer: r.customer,
      occurredAt: new Date(r.occurred_at),
      rating: r.satisfaction,
      text: r.comment,
    })),
    terms: distinctiveTerms(cell, rest),
    analysed: { cell: cell.length, rest: rest.length },
  };
}
