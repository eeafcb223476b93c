import type { Readable } from "node:stream";
import {
  describeIssues,
  fromInterchangeRecord,
  interchangeIssues,
  rejectedRowDetails,
  type TCodedMessage,
  type TEvent,
  ZEventInputSchema,
} from "@parcours/validators";
import type { Database } from "../client";
import { describeDatabaseError, isDatabaseUnavailable } from "../database-errors";
import { EventIngestor, IngestInterruptedError, type IngestResult } from "../ingest";
import type { InterchangeFormat } from "./format";
import { readRecords } from "./read-records";

export interface RowError {
  /** The 1-based physical line of the file where the rejected row starts. */
  line: number;
  /** The row's event_id, when it has one, so that the sender can find the event. */
  eventId?: string;
  /** The value the first problem is about, as written in the file. */
  value?: string;
  message: string;
  /**
   * The same reasons by code (a column's path when the reason is about one), for a report the
   * web shows in the reader's language; absent when a reason has no code yet.
   */
  issues?: { path?: string; message: TCodedMessage }[];
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

/**
 * An import that stopped before the end of the file: `summary` counts the events the database
 * confirmed stored until then (the rows of the batch that failed are in neither count).
 * Importing the file again is safe: what was stored counts as duplicates.
 */
export class ImportInterruptedError extends Error {
  constructor(
    readonly summary: ImportSummary,
    cause: unknown,
  ) {
    super(
      isDatabaseUnavailable(cause)
        ? `the database became unavailable (${describeDatabaseError(cause)}) after ${summary.accepted} events were stored; import the file again once it is back: events already stored count as duplicates`
        : `the import stopped on an error after ${summary.accepted} events were stored: ${describeDatabaseError(cause)}`,
      { cause },
    );
    this.name = "ImportInterruptedError";
  }
}

interface Batch {
  events: TEvent[];
  lines: number[];
  /** Rows rejected before the database, kept with their batch so that errors stay in line order. */
  errors: RowError[];
}

/**
 * Batches handed to the database at once. PostgreSQL stores them on separate connections, so
 * both cores work (3 measured fastest on the 2-core benchmark machine); PGlite queues them.
 */
const IN_FLIGHT = 3;

const newBatch = (): Batch => ({ events: [], lines: [], errors: [] });

/**
 * Streams a file in the interchange format into the database, in constant memory: up to
 * IN_FLIGHT batches are stored (on as many connections) while the next is read, and reading
 * waits for the oldest store (backpressure). Idempotent on event_id; every good row is kept
 * and every bad one reported with its line. When the database fails (an outage, not a row's
 * fault) the import stops, waits for the batches in flight, and throws an
 * ImportInterruptedError that counts what they stored.
 */
export async function importEvents(db: Database, options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 10_000;
  const maxErrors = options.maxErrors ?? 1_000;
  const ingestor = new EventIngestor(db, {
    autoCreateTouchpoints: options.autoCreateTouchpoints ?? false,
  });
  const summary: ImportSummary = { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
  let rows = 0;

  const count = (batch: Batch, result: IngestResult) => {
    summary.accepted += result.accepted;
    summary.duplicates += result.duplicates;
    const errors = [
      ...batch.errors,
      ...result.rejected.map((r) => {
        const eventId = batch.events[r.index]?.eventId;
        return {
          line: batch.lines[r.index] ?? 0,
          ...(eventId ? { eventId } : {}),
          message: r.errors.join("; "),
          ...(r.coded && r.coded.length === r.errors.length
            ? { issues: r.coded.map((message) => ({ message })) }
            : {}),
        };
      }),
    ].sort((a, b) => a.line - b.line);
    summary.rejected += errors.length;
    for (const error of errors.slice(0, Math.max(0, maxErrors - summary.errors.length))) {
      summary.errors.push(error);
    }
    options.onProgress?.({ rows, accepted: summary.accepted, rejected: summary.rejected });
  };

  // Batches are stored IN_FLIGHT at a time (the database works on one while it receives the
  // next), and their results are counted in file order.
  let batch = newBatch();
  const inFlight: { batch: Batch; result: Promise<IngestResult> }[] = [];
  let failure: { error: unknown } | undefined;
  const settle = async () => {
    const oldest = inFlight.shift();
    if (!oldest) return;
    try {
      count(oldest.batch, await oldest.result);
    } catch (error) {
      // What the batch stored before it stopped still counts (rows stay stored on failure).
      if (error instanceof IngestInterruptedError) {
        summary.accepted += error.committed.accepted;
        summary.duplicates += error.committed.duplicates;
        options.onProgress?.({ rows, accepted: summary.accepted, rejected: summary.rejected });
      }
      failure ??= { error };
    }
  };
  const flush = async () => {
    if (inFlight.length >= IN_FLIGHT) await settle();
    if (failure) return;
    const full = batch;
    batch = newBatch();
    const result =
      full.events.length > 0
        ? ingestor.ingest(full.events)
        : Promise.resolve({ accepted: 0, duplicates: 0, rejected: [], newCustomers: 0 });
    // Awaited in turn by settle; until then a failure must not count as unhandled.
    result.catch(() => {});
    inFlight.push({ batch: full, result });
  };

  try {
    for await (const item of readRecords(options.input, options.format)) {
      rows++;
      if ("error" in item) {
        batch.errors.push({
          line: item.line,
          message: item.error,
          ...(item.coded ? { issues: [{ message: item.coded }] } : {}),
        });
      } else {
        const parsed = ZEventInputSchema.safeParse(fromInterchangeRecord(item.record));
        if (parsed.success) {
          batch.events.push(parsed.data);
          batch.lines.push(item.line);
        } else {
          batch.errors.push({
            line: item.line,
            ...rejectedRowDetails(parsed.error, item.record),
            message: describeIssues(parsed.error, "interchange").join("; "),
            issues: interchangeIssues(parsed.error),
          });
        }
      }
      // Bad rows count too: a file of nothing but errors must not grow one batch forever.
      if (batch.events.length + batch.errors.length >= batchSize) {
        await flush();
        if (failure) break;
      }
    }
    if (!failure) await flush();
  } finally {
    // Also when reading the file failed: the batches in flight are waited for and counted, so
    // that the summary and the progress say what was stored.
    while (inFlight.length > 0) await settle();
  }
  if (failure) throw new ImportInterruptedError(summary, failure.error);
  return summary;
}
