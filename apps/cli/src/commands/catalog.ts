import { readFile, writeFile } from "node:fs/promises";
import {
  applyCatalogue,
  type CatalogueDiff,
  exportCatalogue,
  getCatalogue,
  isEmptyDiff,
  planCatalogue,
} from "@parcours/db/queries";
import { ZCatalogueDocumentSchema } from "@parcours/validators";
import { type Command, Option } from "commander";
import {
  cliActor,
  describeError,
  note,
  printJson,
  UsageError,
  userPath,
  withDatabase,
} from "../context";
import { table } from "../table";

export function registerCatalog(program: Command): void {
  const catalog = program
    .command("catalog")
    .description("list the stages and touchpoints; export or apply the whole catalogue")
    .option("--json", "print JSON only")
    .action((options: { json?: boolean }) =>
      withDatabase(async ({ db }) => {
        const catalogue = await getCatalogue(db);
        const stages = catalogue.stages.map((s) => ({
          key: s.key,
          name: s.name,
          position: s.position,
        }));
        const touchpoints = catalogue.touchpoints.map((t) => ({
          key: t.key,
          name: t.name,
          channel: t.channel,
          stage: t.stage,
        }));
        if (options.json) {
          printJson({ stages, touchpoints });
          return;
        }
        console.log(
          table(
            ["position", "stage", "name"],
            stages.map((s) => [s.position, s.key, s.name]),
          ),
        );
        console.log();
        console.log(
          table(
            ["touchpoint", "name", "channel", "stage"],
            touchpoints.map((t) => [t.key, t.name, t.channel, t.stage]),
          ),
        );
      }),
    );

  catalog
    .command("export")
    .description(
      "write the catalogue (stages, channels, touchpoints, personas and their rules) as one document",
    )
    .option("--output <file>", "write to this file instead of stdout")
    .addOption(
      new Option(
        "--format <format>",
        "json, or yaml (the default for a .yaml or .yml --output)",
      ).choices(["json", "yaml"]),
    )
    .action((options: { output?: string; format?: "json" | "yaml" }) =>
      withDatabase(async ({ db }) => {
        const document = await exportCatalogue(db);
        const format = options.format ?? (isYamlFile(options.output) ? "yaml" : "json");
        const text =
          format === "yaml"
            ? (await loadYaml()).stringify(document)
            : `${JSON.stringify(document, null, 2)}\n`;
        if (!options.output) {
          process.stdout.write(text);
          return;
        }
        await writeFile(userPath(options.output), text);
        note(`Catalogue written to ${options.output}.`);
      }),
    );

  catalog
    .command("apply")
    .description(
      "make the database's catalogue match a document from `catalog export`, in one transaction (personas left out are archived)",
    )
    .argument("<file>", "the catalogue document: YAML when it ends in .yaml or .yml, else JSON")
    .option("--dry-run", "print what would change and write nothing")
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const document = await readDocument(file);
      await withDatabase(async ({ db }) => {
        const diff = options.dryRun
          ? await planCatalogue(db, document)
          : await applyCatalogue(db, cliActor(), document);
        printDiff(diff);
        if (isEmptyDiff(diff)) return;
        note(options.dryRun ? "Dry run: nothing was written." : "Catalogue applied.");
      });
    });
}

const isYamlFile = (file: string | undefined) => file !== undefined && /\.ya?ml$/i.test(file);

/** Loaded only for YAML: the parser is a quarter of a megabyte that `--json` never needs. */
const loadYaml = () => import("yaml");

/** Read and validated before the database is opened: a wrong document writes nothing. */
async function readDocument(file: string) {
  let text: string;
  try {
    text = await readFile(userPath(file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeError(error)}`);
  }
  const yaml = isYamlFile(file);
  let raw: unknown;
  try {
    raw = yaml ? (await loadYaml()).parse(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not ${yaml ? "YAML" : "JSON"}: ${describeError(error)}`);
  }
  const parsed = ZCatalogueDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `${file} is not a valid catalogue document: ${describeError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** The diff on stdout, one line per change, so that a dry run can be read or diffed itself. */
function printDiff(diff: CatalogueDiff): void {
  if (isEmptyDiff(diff)) {
    console.log("No changes: the database already matches the document.");
    return;
  }
  for (const [kind, changes] of Object.entries(diff)) {
    for (const key of changes.added) console.log(`${kind}: + ${key} (added)`);
    for (const c of changes.changed) {
      console.log(
        c.key === "(order)"
          ? `${kind}: ~ new order ${c.fields.join("")}`
          : `${kind}: ~ ${c.key} (${c.fields.join(", ")})`,
      );
    }
    for (const key of changes.archived) console.log(`${kind}: - ${key} (archived)`);
  }
}
