import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import {
  formatFromPath,
  type ImportSummary,
  type InterchangeFormat,
  importEvents,
} from "@parcours/db/interchange";
import { getCatalogue } from "@parcours/db/queries";
import type { Command } from "commander";
import { note, printJson, UsageError, userPath, withDatabase } from "../context";
import { parseFormat } from "../options";

const PROGRESS_EVERY = 100_000;
const ERRORS_SHOWN = 20;

export function registerImport(program: Command): void {
  program
    .command("import")
    .description("import events from a CSV or NDJSON file (idempotent on event_id)")
    .argument("<file>", "the file to import, in the interchange format")
    .option(
      "--format <format>",
      "csv or ndjson (default: from the extension .csv, .ndjson, .jsonl)",
    )
    .option("--json", "print the summary as JSON only")
    .action(async (file: string, options: { format?: string; json?: boolean }) => {
      const path = userPath(file);
      const format = chooseFormat(path, options.format);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) throw new UsageError(`no such file: ${path}`);
      return withDatabase(async ({ db }) => {
        const catalogue = await getCatalogue(db);
        if (catalogue.touchpoints.length === 0) {
          throw new Error(
            "the catalogue has no touchpoints, so no event can be stored: run `parcours db seed` or create the catalogue first",
          );
        }
        const started = Date.now();
        let nextReport = PROGRESS_EVERY;
        const summary = await importEvents(db, {
          input: createReadStream(path),
          format,
          onProgress: (p) => {
            if (options.json || p.rows < nextReport) return;
            nextReport = (Math.floor(p.rows / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
            note(`  ${p.rows} rows read: ${p.accepted} stored, ${p.rejected} rejected`);
          },
        });
        // The report's codes are for the web's translations; the command speaks English and
        // keeps its documented shape: line, eventId, value, message (docs/ingestion.md).
        if (options.json) {
          printJson({
            ...summary,
            errors: summary.errors.map(({ issues: _issues, ...error }) => error),
          });
        } else printSummary(path, summary, (Date.now() - started) / 1000);
      });
    });
}

function chooseFormat(path: string, option: string | undefined): InterchangeFormat {
  if (option === undefined) {
    const inferred = formatFromPath(path);
    if (!inferred) {
      throw new UsageError(
        "cannot tell the format from the file name: name it .csv, .ndjson or .jsonl, or add --format csv|ndjson",
      );
    }
    return inferred;
  }
  return parseFormat(option);
}

function printSummary(path: string, summary: ImportSummary, seconds: number): void {
  const rate =
    seconds > 0 ? ` ≈ ${Math.round((summary.accepted + summary.duplicates) / seconds)} rows/s` : "";
  console.log(
    `Imported ${path} in ${seconds.toFixed(1)} s${rate}: ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected.`,
  );
  for (const error of summary.errors.slice(0, ERRORS_SHOWN)) {
    const id = error.eventId === undefined ? "" : ` (event_id ${JSON.stringify(error.eventId)})`;
    const value = error.value === undefined ? "" : ` [value: ${JSON.stringify(error.value)}]`;
    console.log(`  line ${error.line}${id}: ${error.message}${value}`);
  }
  if (summary.rejected > ERRORS_SHOWN) {
    console.log(`  … and ${summary.rejected - ERRORS_SHOWN} more (--json lists up to 1000)`);
  }
}
