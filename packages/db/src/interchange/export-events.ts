import { INTERCHANGE_COLUMNS, type TInterchangeColumn } from "@parcours/validators";
import { guardCsvCell } from "@parcours/validators/csv-cell";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import type { InterchangeFormat } from "./format";
import type { Output } from "./output";

export interface ExportOptions {
  format: InterchangeFormat;
  from?: Date | undefined;
  to?: Date | undefined;
  pageSize?: number;
}

type ExportRow = Record<TInterchangeColumn, string | number | null> & {
  event_id: string;
  cursor: string;
};

/**
 * Writes events in the interchange format, in time order, one keyset page at a time (constant
 * memory, no OFFSET). Ties on time are broken by event_id in byte order (COLLATE "C") so that the
 * order, hence the file, is the same whatever the database's collation. Returns the count.
 */
export async function exportEvents(
  db: Database,
  output: Output,
  options: ExportOptions,
): Promise<number> {
  const pageSize = options.pageSize ?? 10_000;
  if (options.format === "csv") await output.write(`${INTERCHANGE_COLUMNS.join(",")}\n`);
  let count = 0;
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const page = await queryRows<ExportRow>(db, pageQuery(options, after, pageSize));
    let chunk = "";
    for (const row of page) {
      if (row.touchpoint === null || row.customer_id === null) {
        throw new Error(`event ${row.event_id} refers to a row missing from the catalogue`);
      }
      chunk += options.format === "csv" ? csvLine(row) : ndjsonLine(row);
    }
    if (chunk) await output.write(chunk);
    count += page.length;
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) return count;
    after = { at: last.cursor, id: last.event_id };
  }
}

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

function pageQuery(
  options: ExportOptions,
  after: { at: string; id: string } | undefined,
  pageSize: number,
): SQL {
  const conditions: SQL[] = [sql`true`];
  if (options.from)
    conditions.push(sql`e.occurred_at >= ${options.from.toISOString()}::timestamptz`);
  if (options.to) conditions.push(sql`e.occurred_at < ${options.to.toISOString()}::timestamptz`);
  if (after) {
    // The first clause alone can use the occurred_at index; the second breaks ties.
    conditions.push(sql`e.occurred_at >= ${after.at}::timestamptz`);
    conditions.push(
      sql`(e.occurred_at > ${after.at}::timestamptz OR e.event_id COLLATE "C" > ${after.id})`,
    );
  }
  // Stage and channel are written only where the event overrode its touchpoint's; empty
  // properties are written as nothing. Times are UTC with milliseconds, as the validators read them.
  return sql`
    SELECT p.event_id, c.external_id AS customer_id,
      to_char(p.occurred_at AT TIME ZONE 'UTC', ${sql.raw(ISO_MS)}) AS occurred_at,
      to_char(p.occurred_at AT TIME ZONE 'UTC', ${sql.raw(ISO_US)}) AS cursor,
      t.key AS touchpoint, p.type,
      CASE WHEN p.stage_explicit THEN s.key END AS stage,
      CASE WHEN p.channel_id IS DISTINCT FROM t.channel_id THEN ch.key END AS channel,
      p.satisfaction::int AS satisfaction, p.revenue::text AS revenue,
      CASE WHEN p.properties = '{}'::jsonb THEN NULL ELSE p.properties::text END AS properties,
      p.comment
    FROM (
      SELECT e.* FROM events e
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY e.occurred_at, e.event_id COLLATE "C"
      LIMIT ${pageSize}
    ) p
    LEFT JOIN customers c ON c.id = p.customer_id
    LEFT JOIN touchpoints t ON t.id = p.touchpoint_id
    LEFT JOIN stages s ON s.id = p.stage_id
    LEFT JOIN channels ch ON ch.id = p.channel_id
    ORDER BY p.occurred_at, p.event_id COLLATE "C"`;
}

function csvLine(row: ExportRow): string {
  return `${INTERCHANGE_COLUMNS.map((column) => csvField(row[column])).join(",")}\n`;
}

/** Ids and keys come from clients: a spreadsheet must show them, never run them. */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : guardCsvCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function ndjsonLine(row: ExportRow): string {
  const record: Record<string, unknown> = {};
  for (const column of INTERCHANGE_COLUMNS) {
    const value = row[column];
    if (value === null) continue;
    record[column] = column === "properties" ? JSON.parse(String(value)) : value;
  }
  return `${JSON.stringify(record)}\n`;
}
