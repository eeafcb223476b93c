import { exportEvents, fileOutput, type Output, stdoutOutput } from "@parcours/db/interchange";
import type { Command } from "commander";
import { note, UsageError, userPath, withDatabase } from "../context";
import { parseDate, parseFormat } from "../options";

interface ExportOptions {
  from?: string;
  to?: string;
  format: string;
  output?: string;
}

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("export data in the interchange format")
    .command("events")
    .description("write events as CSV or NDJSON, in time order (stdout unless --output)")
    .option("--from <iso>", "first instant included (UTC unless an offset is given)")
    .option("--to <iso>", "first instant excluded")
    .option("--format <format>", "csv or ndjson", "csv")
    .option("--output <file>", "write to this file instead of stdout")
    .action((options: ExportOptions) => {
      const format = parseFormat(options.format);
      const from = options.from === undefined ? undefined : parseDate(options.from, "from");
      const to = options.to === undefined ? undefined : parseDate(options.to, "to");
      if (from && to && from.getTime() >= to.getTime()) {
        throw new UsageError("--from must be before --to");
      }
      return withDatabase(async ({ db }) => {
        const output = options.output ? await fileOutput(userPath(options.output)) : stdoutOutput();
        const count = await writeAll(output, () => exportEvents(db, output, { format, from, to }));
        note(`Exported ${count} events${options.output ? ` to ${userPath(options.output)}` : ""}.`);
      });
    });
}

async function writeAll(output: Output, write: () => Promise<number>): Promise<number> {
  try {
    const count = await write();
    await output.close();
    return count;
  } catch (error) {
    await output.abort();
    throw error;
  }
}
