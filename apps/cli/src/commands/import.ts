import { existsSync } from "node:fs";
import {
  formatFromPath,
  type InterchangeFormat,
  importEventsFile,
} from "@parcours/db/ingest/files";
import type { Command } from "commander";
import { note, printJson, UsageError, userPath, withDatabase } from "../context";

export function registerImport(program: Command): void {
  program
    .command("import")
    .description("import events from a CSV or NDJSON file (idempotent on event_id)")
    .argument("<file>", "the file to import")
    .option("--format <format>", "csv or ndjson (default: from the file extension)")
    .option("--json", "print the summary as JSON only")
    .action((file: string, options: { format?: string; json?: boolean }) => {
      const path = userPath(file);
      if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
      const format = (options.format ?? formatFromPath(path)) as InterchangeFormat | undefined;
      if (format !== "csv" && format !== "ndjson") {
        throw new UsageError(
          options.format
            ? `--format must be csv or ndjson, not "${options.format}"`
            : "cannot tell the format from the file name: add --format csv or --format ndjson",
        );
      }
      return withDatabase(async ({ db }) => {
        const started = Date.now();
        let nextReport = 100_000;
        const summary = await importEventsFile(db, {
          file: path,
          format,
          onProgress: (p) => {
            if (!options.json && p.rows >= nextReport) {
              nextReport += 100_000;
              note(`  ${p.rows} rows read, ${p.accepted} stored, ${p.rejected} rejected`);
            }
          },
        });
        if (options.json) {
          printJson(summary);
          return;
        }
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `Imported ${path}: ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected (${seconds.toFixed(1)} s).`,
        );
        for (const error of summary.errors.slice(0, 20))
          console.log(`  line ${error.line}: ${error.message}`);
        if (summary.rejected > 20)
          console.log(`  … and ${summary.rejected - 20} more (use --json for the list)`);
      });
    });
}
