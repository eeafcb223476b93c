import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import {
  describeIssues,
  fromInterchangeRecord,
  INTERCHANGE_COLUMNS,
  type TEvent,
  ZEventInputSchema,
} from "@parcours/validators";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { EventIngestor } from "./index";

export type InterchangeFormat = "csv" | "ndjson";

/** The file itself is unusable (bad header, unreadable): nothing was imported. */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFormatError";
  }
}

export interface ImportOptions {
  file?: string;
  stream?: Readable;
  format: InterchangeFormat;
  /** Rows handed to the database at once. */
  batchSize?: number;
  /** Rejected rows listed in the summary (the count is always exact). */
  maxErrors?: number;
  onProgress?: (progress: { rows: number; accepted: number; rejected: number }) => void;
}

export interface ImportSummary {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** `line` is the 1-based line of the file where the rejected row starts. */
  errors: { line: number; message: string }[];
}

const REQUIRED = ["event_id", "customer_id", "occurred_at", "touchpoint", "type"] as const;

export function formatFromPath(path: string): InterchangeFormat | undefined {
  if (/\.csv$/i.test(path)) return "csv";
  if (/\.(ndjson|jsonl)$/i.test(path)) return "ndjson";
  return undefined;
}

function checkHeader(header: string[]): void {
  const known = new Set<string>(INTERCHANGE_COLUMNS);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    throw new ImportFormatError(
      `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")} in the header; expected ${INTERCHANGE_COLUMNS.join(", ")}`,
    );
  }
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (missing.length > 0) {
    throw new ImportFormatError(
      `the header lacks the required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
    );
  }
}

/** Raw records with the line they start on, or a per-line error; from CSV or NDJSON. */
async function* records(
  input: Readable,
  format: InterchangeFormat,
): AsyncGenerator<{ line: number; record?: Record<string, unknown>; error?: string }> {
  if (format === "ndjson") {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === "") continue;
      try {
        const value: unknown = JSON.parse(text);
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          yield { line, error: "the line is not a JSON object" };
        } else {
          yield { line, record: value as Record<string, unknown> };
        }
      } catch {
        yield { line, error: "the line is not valid JSON" };
      }
    }
    return;
  }
  const skipped: { line: number; error: string }[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const lines = (error as { lines?: number } | undefined)?.lines ?? 0;
        skipped.push({ line: lines, error: `unparsable CSV: ${error?.message ?? "bad record"}` });
        return undefined;
      },
    }),
  );
  let header: string[] | undefined;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    for (const s of skipped.splice(0)) yield s;
    const { record, info } = item;
    const newlines = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlines;
    if (!header) {
      header = record.map((h) => h.trim());
      checkHeader(header);
      continue;
    }
    if (record.length !== header.length) {
      yield { line, error: `has ${record.length} fields where the header has ${header.length}` };
      continue;
    }
    const out: Record<string, unknown> = {};
    header.forEach((column, i) => {
      out[column] = record[i];
    });
    yield { line, record: out };
  }
  for (const s of skipped.splice(0)) yield s;
  if (!header) throw new ImportFormatError("the file is empty: a CSV import needs a header row");
}

/**
 * Streams a file in the interchange format into the database: constant memory whatever the
 * size, idempotent on event_id, every good row kept and every bad one reported with its line.
 */
export async function importEventsFile(
  db: Database,
  options: ImportOptions,
): Promise<ImportSummary> {
  const input = options.stream ?? (options.file ? createReadStream(options.file) : undefined);
  if (!input) throw new ImportFormatError("nothing to import: give a file or a stream");
  const batchSize = options.batchSize ?? 5_000;
  const maxErrors = options.maxErrors ?? 1_000;
  const ingestor = new EventIngestor(db);
  const summary: ImportSummary = { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
  const reject = (line: number, message: string) => {
    summary.rejected++;
    if (summary.errors.length < maxErrors) summary.errors.push({ line, message });
  };
  let rows = 0;
  let batch: TEvent[] = [];
  let lines: number[] = [];
  // One batch is stored while the next is parsed: the database and the parser overlap.
  let storing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await storing;
    if (batch.length === 0) return;
    const events = batch;
    const eventLines = lines;
    batch = [];
    lines = [];
    storing = ingestor.ingest(events).then((result) => {
      summary.accepted += result.accepted;
      summary.duplicates += result.duplicates;
      for (const r of result.rejected) reject(eventLines[r.index] ?? 0, r.errors.join("; "));
      options.onProgress?.({ rows, accepted: summary.accepted, rejected: summary.rejected });
    });
  };

  for await (const item of records(input, options.format)) {
    rows++;
    if (item.error !== undefined || !item.record) {
      reject(item.line, item.error ?? "unreadable row");
      continue;
    }
    const parsed = ZEventInputSchema.safeParse(fromInterchangeRecord(item.record));
    if (!parsed.success) {
      reject(item.line, describeIssues(parsed.error, "interchange").join("; "));
      continue;
    }
    batch.push(parsed.data);
    lines.push(item.line);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await storing;
  summary.errors.sort((a, b) => a.line - b.line);
  return summary;
}

export interface ExportOptions {
  format: InterchangeFormat;
  from?: Date;
  to?: Date;
  /** A file path, or a writable stream (stdout); the file is written when neither is given. */
  file?: string;
  stream?: Writable;
  pageSize?: number;
}

interface ExportRow {
  event_id: string;
  customer_id: string;
  occurred_at: string;
  touchpoint: string;
  type: string;
  stage: string | null;
  channel: string | null;
  satisfaction: number | null;
  revenue: string | null;
  properties: string | null;
  [column: string]: string | number | null;
}

/** Writes events back in the interchange format, in time order, page by page. Returns the count. */
export async function exportEvents(db: Database, options: ExportOptions): Promise<number> {
  const out = options.stream ?? (options.file ? createWriteStream(options.file) : undefined);
  if (!out) throw new Error("nothing to write to: give a file or a stream");
  const pageSize = options.pageSize ?? 10_000;
  const csv =
    options.format === "csv"
      ? stringify({ header: true, columns: [...INTERCHANGE_COLUMNS] })
      : undefined;
  if (csv) csv.pipe(out, { end: false });
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, "drain");
  };

  let count = 0;
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const conditions: SQL[] = [sql`true`];
    if (options.from)
      conditions.push(sql`e.occurred_at >= ${options.from.toISOString()}::timestamptz`);
    if (options.to) conditions.push(sql`e.occurred_at < ${options.to.toISOString()}::timestamptz`);
    if (after) {
      conditions.push(sql`(e.occurred_at, e.event_id) > (${after.at}::timestamptz, ${after.id})`);
    }
    const page = await queryRows<ExportRow & { cursor: string }>(
      db,
      sql`SELECT e.event_id, c.external_id AS customer_id,
            to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
            e.occurred_at::text AS cursor,
            t.key AS touchpoint, e.type,
            CASE WHEN e.stage_explicit THEN s.key END AS stage,
            CASE WHEN e.channel_id <> t.channel_id THEN ch.key END AS channel,
            e.satisfaction::int AS satisfaction, e.revenue::text AS revenue,
            CASE WHEN e.properties = '{}'::jsonb THEN NULL ELSE e.properties::text END AS properties
          FROM events e
          JOIN customers c ON c.id = e.customer_id
          JOIN touchpoints t ON t.id = e.touchpoint_id
          JOIN stages s ON s.id = e.stage_id
          JOIN channels ch ON ch.id = e.channel_id
          WHERE ${sql.join(conditions, sql` AND `)}
          ORDER BY e.occurred_at, e.event_id
          LIMIT ${pageSize}`,
    );
    for (const row of page) {
      if (csv) {
        const record = INTERCHANGE_COLUMNS.map((column) => row[column] ?? "");
        if (!csv.write(record)) await once(csv, "drain");
      } else {
        const record: Record<string, unknown> = {};
        for (const column of INTERCHANGE_COLUMNS) {
          const value = row[column];
          if (value === null || value === undefined) continue;
          record[column] = column === "properties" ? JSON.parse(String(value)) : value;
        }
        await write(`${JSON.stringify(record)}\n`);
      }
    }
    count += page.length;
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) break;
    after = { at: last.cursor, id: last.event_id };
  }
  if (csv) {
    csv.end();
    await once(csv, "end");
  }
  if (!options.stream) {
    out.end();
    await once(out, "finish");
  }
  return count;
}
