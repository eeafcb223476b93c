import { Command, CommanderError } from "commander";
import { registerAnalytics } from "./commands/analytics";
import { registerCatalog } from "./commands/catalog";
import { registerDb } from "./commands/db";
import { registerExport } from "./commands/export";
import { registerFunnel } from "./commands/funnel";
import { registerImport } from "./commands/import";
import { registerKeys } from "./commands/keys";
import { registerMetrics } from "./commands/metrics";
import { registerPaths } from "./commands/paths";
import { registerUsers } from "./commands/users";
import { describeError, exitCodeFor } from "./context";

// `parcours export … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const program = new Command()
  .name("parcours")
  .description("Parcours: customer-journey analytics from the command line")
  .showHelpAfterError()
  .exitOverride();

registerDb(program);
registerCatalog(program);
registerImport(program);
registerExport(program);
registerFunnel(program);
registerPaths(program);
registerMetrics(program);
registerUsers(program);
registerKeys(program);
registerAnalytics(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander already printed its message (and help) on stderr.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`parcours: ${describeError(error)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
