import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { importSpend } from "@parcours/db/interchange";
import { DomainError, deleteSpend, listSpendByMonth } from "@parcours/db/queries";
import { formatMessage, ZSpendPeriodSchema } from "@parcours/validators";
import type { Command } from "commander";
import { cliActor, note, printJson, UsageError, userPath, withDatabase } from "../context";
import { table } from "../table";

const money = (cents: number) => (cents / 100).toFixed(2);

/**
 * Marketing spend per day and channel (docs/ingestion.md, "Spend"): the cost side of cost
 * metrics. It is data, not catalogue: `catalog export` and `apply` do not carry it.
 */
export function registerSpend(program: Command): void {
  const spend = program
    .command("spend")
    .description("import, list or delete marketing spend per day and channel (cost metrics)");

  spend
    .command("import")
    .description(
      "import a CSV of date,channel,amount (all or nothing; a day and channel already stored is replaced)",
    )
    .argument("<file>", "the CSV file")
    .option("--json", "print JSON only")
    .action(async (file: string, options: { json?: boolean }) => {
      const path = userPath(file);
      try {
        await access(path);
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      await withDatabase(async ({ db }) => {
        let summary: Awaited<ReturnType<typeof importSpend>>;
        try {
          summary = await importSpend(db, cliActor(), createReadStream(path));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const lines = error.problems.map((problem) => formatMessage("en", problem));
          throw new Error(`${file} was refused and nothing was stored:\n  ${lines.join("\n  ")}`);
        }
        if (options.json) return printJson(summary);
        note(
          `Imported ${summary.rows} rows: ${summary.days} days from ${summary.firstDay} to ${summary.lastDay}, ${summary.channels} channels, total ${money(summary.totalCents)}.`,
        );
      });
    });

  spend
    .command("list")
    .description("the stored spend per month and channel, newest month first")
    .option("--json", "print JSON only")
    .action((options: { json?: boolean }) =>
      withDatabase(async ({ db }) => {
        const overview = await listSpendByMonth(db);
        if (options.json) return printJson(overview);
        if (overview.months.length === 0) {
          console.log("No spend yet (parcours spend import <file.csv>).");
          return;
        }
        console.log(
          table(
            ["month", "channel", "days", "amount"],
            overview.months.map((m) => [m.month, m.channel, m.days, money(m.cents)]),
          ),
        );
        console.log(
          `\nTotal ${money(overview.totalCents)}, ${overview.firstDay} to ${overview.lastDay}.`,
        );
      }),
    );

  spend
    .command("delete")
    .description("delete the spend of the days [--from, --to) on every channel")
    .requiredOption("--from <day>", "the first day deleted, YYYY-MM-DD")
    .requiredOption("--to <day>", "the day after the last one deleted, YYYY-MM-DD")
    .option("--json", "print JSON only")
    .action((options: { from: string; to: string; json?: boolean }) => {
      const parsed = ZSpendPeriodSchema.safeParse({ from: options.from, to: options.to });
      if (!parsed.success) {
        throw new UsageError(
          parsed.error.issues
            .map((i) => `--${i.path.join(".") || "from"}: ${i.message}`)
            .join("; "),
        );
      }
      return withDatabase(async ({ db }) => {
        const result = await deleteSpend(db, cliActor(), parsed.data);
        if (options.json) return printJson(result);
        note(`Deleted ${result.rows} rows of spend.`);
      });
    });
}
