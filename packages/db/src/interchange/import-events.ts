import type { Readable } from "node:stream";
import {
  describeIssues,
  fromInterchangeRecord,
  type TEvent,
  ZEventInputSchema,
} from "@parcours/validators";
import type { Database } from "../client";
import { EventIngestor } from "../ingest";
import type { InterchangeFormat } from "./format";
import { readRecords } from "./read-records";

export interface RowError {
  /** The 1-based physical line of the file where the rejected row starts. */
  line: number;
  message: string;
}

export interface ImportSummary {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** The first `maxErrors` rejected rows, by line; `rejected` is the true count. */
  errors: RowError[];
}

export interface ImportProgress {
  rows: number;
  accepted: number;
  rejected: number;
}

export interface ImportOptions {
  input: Readable;
  format: InterchangeFormat;
  batchSize?: number;
  maxErrors?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Create unknown touchpoints for an admin to place (the admin's ingestion setting). */
  autoCreateTouchpoints?: boolean;
}

interface Batch {
  events: TEvent[];
  lines: number[];
  /** Rows rejected before the database, kept with their batch so that errors stay in line order. */
  errors: RowError[];
}

const newBatch = (): Batch => ({ events: [], lines: [], errors: [] });

/**
 * Streams a file in the interchange format into the database, in constant memory: one batch is
 * stored while the next is read, and reading waits for the store (backpressure). Idempotent on
 * event_id; every good row is kept and every bad one reported with its line.
 */
export async function importEvents(db: Database, options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 5_000;
  const maxErrors = options.maxErrors ?? 1_000;
  const ingestor = new EventIngestor(db, {
    autoCreateTouchpoints: options.autoCreateTouchpoints ?? false,
  });
  const summary: ImportSummary = { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
  let rows = 0;

  const store = async (batch: Batch) => {
    const result =
      batch.events.length > 0
        ? await ingestor.ingest(batch.events)
        : { accepted: 0, duplicates: 0, rejected: [] };
    summary.accepted += result.accepted;
    summary.duplicates += result.duplicates;
    const errors = [
      ...batch.errors,
      ...result.rejected.map((r) => ({
        line: batch.lines[r.index] ?? 0,
        message: r.errors.join("; "),
      })),
    ].sort((a, b) => a.line - b.line);
    summary.rejected += errors.length;
    for (const error of errors.slice(0, Math.max(0, maxErrors - summary.errors.length))) {
      summary.errors.push(error);
    }
    options.onProgress?.({ rows, accepted: summary.accepted, rejected: summary.rejected });
  };

  let batch = newBatch();
  let storing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await storing;
    const full = batch;
    batch = newBatch();
    storing = store(full);
    // Awaited at the next flush; until then a failure must not count as unhandled.
    storing.catch(() => {});
  };

  try {
    for await (const item of readRecords(options.input, options.format)) {
      rows++;
      if ("error" in item) {
        batch.errors.push({ line: item.line, message: item.error });
      } else {
        const parsed = ZEventInputSchema.safeParse(fromInterchangeRecord(item.record));
        if (parsed.success) {
          batch.events.push(parsed.data);
          batch.lines.push(item.line);
        } else {
          batch.errors.push({
            line: item.line,
            message: describeIssues(parsed.error, "interchange").join("; "),
          });
        }
      }
      // Bad rows count too: a file of nothing but errors must not grow one batch forever.
      if (batch.events.length + batch.errors.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    await storing.catch(() => {});
  }
  await storing;
  return summary;
}
