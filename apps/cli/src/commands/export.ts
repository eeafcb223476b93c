import { exportEvents, type InterchangeFormat } from "@parcours/db/ingest/files";
import type { Command } from "commander";
import { note, UsageError, userPath, withDatabase } from "../context";
import { parseDate } from "../options";

export function registerExport(program: Command): void {
  const exportCommand = program
    .command("export")
    .description("export data in the interchange format");
  exportCommand
    .command("events")
    .description("write events as CSV or NDJSON, in time order")
    .option("--from <iso>", "first instant included")
    .option("--to <iso>", "first instant excluded")
    .option("--format <format>", "csv or ndjson", "csv")
    .option("--output <file>", "write to a file instead of stdout")
    .action((options: { from?: string; to?: string; format: string; output?: string }) => {
      if (options.format !== "csv" && options.format !== "ndjson") {
        throw new UsageError(`--format must be csv or ndjson, not "${options.format}"`);
      }
      const from = options.from ? parseDate(options.from, "from") : undefined;
      const to = options.to ? parseDate(options.to, "to") : undefined;
      if (from && to && from.getTime() >= to.getTime())
        throw new UsageError("--from must be before --to");
      return withDatabase(async ({ db }) => {
        const count = await exportEvents(db, {
          format: options.format as InterchangeFormat,
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(options.output ? { file: userPath(options.output) } : { stream: process.stdout }),
        });
        note(`Exported ${count} events.`);
      });
    });
}
