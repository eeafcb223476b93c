import { Command, CommanderError } from "commander";
import { describeError, exitCodeFor } from "./context";

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs: a command then loads what it
 * uses and no more (`parcours catalog` does not load ClickHouse's client, argon2 or the
 * importers), which is most of the start-up time once the TypeScript is compiled.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  db: async () => (await import("./commands/db")).registerDb,
  catalog: async () => (await import("./commands/catalog")).registerCatalog,
  import: async () => (await import("./commands/import")).registerImport,
  export: async () => (await import("./commands/export")).registerExport,
  funnel: async () => (await import("./commands/funnel")).registerFunnel,
  customers: async () => (await import("./commands/customers")).registerCustomers,
  cohorts: async () => (await import("./commands/cohorts")).registerCohorts,
  paths: async () => (await import("./commands/paths")).registerPaths,
  drivers: async () => (await import("./commands/drivers")).registerDrivers,
  "pain-points": async () => (await import("./commands/journey")).registerJourney,
  comments: async () => (await import("./commands/journey")).registerJourney,
  retention: async () => (await import("./commands/retention")).registerRetention,
  "stage-metrics": async () => (await import("./commands/stage-metrics")).registerStageMetrics,
  spend: async () => (await import("./commands/spend")).registerSpend,
  kpis: async () => (await import("./commands/metrics")).registerMetrics,
  personas: async () => (await import("./commands/metrics")).registerMetrics,
  heatmap: async () => (await import("./commands/metrics")).registerMetrics,
  emotion: async () => (await import("./commands/metrics")).registerMetrics,
  users: async () => (await import("./commands/users")).registerUsers,
  keys: async () => (await import("./commands/keys")).registerKeys,
  analytics: async () => (await import("./commands/analytics")).registerAnalytics,
  "erase-customer": async () => (await import("./commands/privacy")).registerPrivacy,
  reviews: async () => (await import("./commands/reviews")).registerReviews,
};

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

/**
 * The command named on the command line, or every command when none is (`--help`, a typo
 * that commander answers with the list and a suggestion). A module registering several
 * commands is registered once, in the order of COMMANDS, which is the order of `--help`.
 */
async function registerCommands(): Promise<void> {
  const named = COMMANDS[process.argv[2] ?? ""];
  const loaders = named ? [named] : Object.values(COMMANDS);
  const registers = new Set(await Promise.all(loaders.map((load) => load())));
  for (const register of registers) register(program);
}

try {
  await registerCommands();
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
