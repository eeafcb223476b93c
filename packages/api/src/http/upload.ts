import { Readable, Transform } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { Database } from "@parcours/db";
import { FileFormatError, type ImportSummary, importEvents } from "@parcours/db/interchange";
import { type Actor, getIngestionSettings, recordAudit } from "@parcours/db/queries";
import { json, refuse, respond } from "./responses";

/** Uploads in the admin area: files up to 1 GB, streamed, never held in memory. */
export const MAX_UPLOAD_BYTES = 1024 ** 3;
/** Rejected rows reported back (the count is always exact). */
export const MAX_UPLOAD_ERRORS = 10_000;

export interface UploadDeps {
  db: Database;
  /** The signed-in admin; the route handler refuses anyone else before calling this. */
  actor: Actor;
}

function uploadFormat(request: Request): "csv" | "ndjson" {
  const url = new URL(request.url);
  const asked = url.searchParams.get("format") ?? "";
  const name = (url.searchParams.get("filename") ?? "").toLowerCase();
  if (asked === "csv" || asked === "ndjson") return asked;
  if (asked) refuse(400, "invalid_format", `format must be csv or ndjson, not "${asked}"`);
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return "ndjson";
  refuse(400, "invalid_format", "cannot tell the format: pass ?format=csv or ?format=ndjson");
}

/**
 * `POST /api/v1/imports?format=csv|ndjson&filename=…` with the file as the body: the same
 * pipeline as `parcours import`, read as it arrives (the upload's progress is the import's).
 */
export function handleUpload(request: Request, deps: UploadDeps): Promise<Response> {
  return respond(async () => {
    const format = uploadFormat(request);
    const declared = Number(request.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
      refuse(413, "payload_too_large", `the file is ${declared} bytes; the limit is 1 GB`);
    }
    if (!request.body) refuse(400, "empty_body", "send the file as the request body");
    let bytes = 0;
    const source = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
    // Counts what arrives (a missing or false Content-Length cannot get past the limit).
    const counted = source.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > MAX_UPLOAD_BYTES)
            done(new FileFormatError("the file is over the limit of 1 GB"));
          else done(null, chunk);
        },
      }),
    );
    source.on("error", (error) => counted.destroy(error));
    const started = Date.now();
    const settings = await getIngestionSettings(deps.db);
    let summary: ImportSummary;
    try {
      summary = await importEvents(deps.db, {
        input: counted,
        format,
        maxErrors: MAX_UPLOAD_ERRORS,
        ...settings,
      });
    } catch (error) {
      if (error instanceof FileFormatError) refuse(400, "invalid_file", error.message);
      throw error;
    }
    const filename = new URL(request.url).searchParams.get("filename") ?? `upload.${format}`;
    await recordAudit(deps.db, deps.actor, {
      action: "import.upload",
      entityType: "import",
      entityId: filename.slice(0, 200),
      summary: `imported ${filename}: ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected`,
      after: {
        format,
        bytes,
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
      },
    });
    return json(200, { ...summary, bytes, seconds: (Date.now() - started) / 1000 });
  });
}
