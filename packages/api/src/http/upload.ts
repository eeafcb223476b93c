import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { type Database, describeDatabaseError, isDatabaseUnavailable } from "@parcours/db";
import {
  FileFormatError,
  ImportInterruptedError,
  type ImportSummary,
  importEvents,
} from "@parcours/db/interchange";
import { type Actor, getIngestionSettings, recordAudit } from "@parcours/db/queries";
import { coded, formatMessage, type TCodedMessage } from "@parcours/validators";
import { contentCoding, decompressor, isCompressionError } from "./body";
import { json, refuse, respond } from "./responses";

/** Uploads in the admin area: files up to 1 GB, streamed to disk, never held in memory. */
export const MAX_UPLOAD_BYTES = 1024 ** 3;
/** Rejected rows reported back (the count is always exact). */
export const MAX_UPLOAD_ERRORS = 10_000;
/**
 * Rows a batch in the web server, half the CLI's: the server holds more already, and a 1 GB
 * import must stay well under 500 MB of memory with three batches in flight.
 */
const UPLOAD_BATCH_ROWS = 5_000;
/** Compressed bytes handed to the decompressor at a time (at most 8 MB once decompressed). */
const DECODER_SLICE_BYTES = 8 * 1024;

export interface UploadDeps {
  db: Database;
  /** The signed-in admin; the route handler refuses anyone else before calling this. */
  actor: Actor;
  /** The largest file taken, decompressed; MAX_UPLOAD_BYTES unless a test sets a smaller one. */
  maxBytes?: number;
}

export interface ImportJob {
  id: string;
  filename: string;
  format: "csv" | "ndjson";
  state: "importing" | "done" | "failed";
  bytes: number;
  /** Bytes of the file read so far: the import's progress. */
  bytesRead: number;
  rows: number;
  accepted: number;
  rejected: number;
  startedAt: Date;
  seconds: number;
  summary: ImportSummary | null;
  error: string | null;
  /** `error` by code, for the app to say it in the reader's language. */
  errorMessage: TCodedMessage | null;
  actorId: number | null;
}

/**
 * Imports run in the server process after the upload, so that a large file is neither bound by
 * the HTTP request's time limit nor lost to a dropped connection once received. Kept in memory:
 * a restart forgets the jobs (rows already imported stay imported).
 */
const g = globalThis as typeof globalThis & { parcoursImportJobs?: Map<string, ImportJob> };
g.parcoursImportJobs ??= new Map<string, ImportJob>();
const jobs = g.parcoursImportJobs;

function uploadFormat(request: Request): "csv" | "ndjson" {
  const url = new URL(request.url);
  const asked = url.searchParams.get("format") ?? "";
  const name = (url.searchParams.get("filename") ?? "").toLowerCase();
  if (asked === "csv" || asked === "ndjson") return asked;
  if (asked) refuse(400, "invalid_format", coded("uploadFormatUnknown", { format: asked }));
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return "ndjson";
  refuse(400, "invalid_format", coded("uploadFormatUnclear"));
}

/** A view of a job for the client (its summary's errors included once done). */
function view(job: ImportJob) {
  return {
    ...job,
    seconds:
      job.state === "importing" ? (Date.now() - job.startedAt.getTime()) / 1000 : job.seconds,
  };
}

async function runImport(job: ImportJob, file: string, deps: UploadDeps): Promise<void> {
  try {
    const settings = await getIngestionSettings(deps.db);
    const counted = createReadStream(file).pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          job.bytesRead += chunk.length;
          done(null, chunk);
        },
      }),
    );
    const summary = await importEvents(deps.db, {
      input: counted,
      format: job.format,
      batchSize: UPLOAD_BATCH_ROWS,
      maxErrors: MAX_UPLOAD_ERRORS,
      ...settings,
      onProgress: (p) => {
        job.rows = p.rows;
        job.accepted = p.accepted;
        job.rejected = p.rejected;
      },
    });
    job.summary = summary;
    job.accepted = summary.accepted;
    job.rejected = summary.rejected;
    await recordAudit(deps.db, deps.actor, {
      action: "import.upload",
      entityType: "import",
      entityId: job.filename.slice(0, 200),
      message: coded("auditUpload", {
        file: job.filename,
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
      }),
      after: {
        format: job.format,
        bytes: job.bytes,
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
      },
    });
    // Done only once the audit entry is written too: an outage after the last batch fails the
    // job (with every event counted), and importing the file again is harmless.
    job.state = "done";
  } catch (error) {
    job.state = "failed";
    if (error instanceof ImportInterruptedError) {
      // Only what the database confirmed: a job that hit an outage never says more was stored.
      job.summary = error.summary;
      job.accepted = error.summary.accepted;
      job.rejected = error.summary.rejected;
    }
    let message: TCodedMessage;
    if (error instanceof FileFormatError) {
      message = error.coded;
    } else if (isDatabaseUnavailable(error)) {
      message = coded("importDatabaseDown", { accepted: job.accepted });
      console.error(`[import] ${job.id} stopped: ${describeDatabaseError(error)}`);
    } else {
      message = coded("importServerError", { accepted: job.accepted });
      console.error(`[import] ${job.id} failed:`, error);
    }
    job.error = formatMessage("en", message);
    job.errorMessage = message;
  } finally {
    job.seconds = (Date.now() - job.startedAt.getTime()) / 1000;
    job.bytesRead = job.state === "done" ? job.bytes : job.bytesRead;
    await rm(file, { force: true }).catch(() => {});
  }
}

/**
 * `POST /api/v1/imports?format=csv|ndjson&filename=…` with the file as the body (optionally with
 * Content-Encoding gzip or deflate, the limit then counting the decompressed file): saved to disk
 * as it arrives (the upload's own progress), then imported in the background with the same
 * pipeline as `parcours import`. Answers 202 with the job; `GET /api/v1/imports/<id>` follows it.
 */
export function handleUpload(request: Request, deps: UploadDeps): Promise<Response> {
  return respond(async () => {
    const format = uploadFormat(request);
    const maxBytes = deps.maxBytes ?? MAX_UPLOAD_BYTES;
    const limit = maxBytes === MAX_UPLOAD_BYTES ? "1 GB" : `${maxBytes} bytes`;
    const decoder = decompressor(contentCoding(request));
    const declared = Number(request.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBytes) {
      refuse(413, "payload_too_large", coded("uploadTooLarge", { limit, decompressed: "no" }));
    }
    if (!request.body) refuse(400, "empty_body", coded("uploadEmptyBody"));
    const dir = join(tmpdir(), "parcours-imports");
    await mkdir(dir, { recursive: true });
    const id = randomUUID();
    const file = join(dir, `${id}.${format}`);
    let bytes = 0;
    let tooLarge = false;
    // Past the limit the rest is read and dropped rather than the request cut short: cancelling
    // a request body mid-stream upsets the server, and the client gets its 413.
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > maxBytes) tooLarge = true;
        done(null, tooLarge ? undefined : chunk);
      },
    });
    const source = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
    try {
      if (decoder) {
        // The decompressor is fed in small slices, as it asks for them, and nothing once past
        // the limit (the rest is drained): a gzip bomb costs the limit, not its size.
        const feed = async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            for (let at = 0; at < chunk.length && !tooLarge; at += DECODER_SLICE_BYTES) {
              yield chunk.subarray(at, at + DECODER_SLICE_BYTES);
            }
          }
        };
        await pipeline(source, feed, decoder, count, createWriteStream(file));
      } else {
        await pipeline(source, count, createWriteStream(file));
      }
    } catch (error) {
      await rm(file, { force: true });
      // Cut off past the limit, the compressed stream ends early: that is the 413 below.
      if (!tooLarge && isCompressionError(error)) {
        refuse(400, "invalid_encoding", coded("uploadNotCompressed", { reason: error.message }));
      }
      if (!tooLarge) {
        refuse(400, "upload_interrupted", coded("uploadInterrupted"));
      }
    }
    if (tooLarge) {
      await rm(file, { force: true });
      refuse(
        413,
        "payload_too_large",
        coded("uploadTooLarge", { limit, decompressed: decoder ? "yes" : "no" }),
      );
    }
    const size = (await stat(file)).size;
    const filename = (
      new URL(request.url).searchParams.get("filename") ?? `upload.${format}`
    ).slice(0, 200);
    const job: ImportJob = {
      id,
      filename,
      format,
      state: "importing",
      bytes: size,
      bytesRead: 0,
      rows: 0,
      accepted: 0,
      rejected: 0,
      startedAt: new Date(),
      seconds: 0,
      summary: null,
      error: null,
      errorMessage: null,
      actorId: deps.actor.id,
    };
    jobs.set(id, job);
    void runImport(job, file, deps);
    return json(202, view(job));
  });
}

/** `GET /api/v1/imports/<id>`: the job's progress, then its summary. */
export function handleImportStatus(id: string): Promise<Response> {
  return respond(async () => {
    const job = jobs.get(id);
    if (!job) refuse(404, "not_found", coded("importNotFound"));
    return json(200, view(job));
  });
}
