import { getCatalogue } from "@parcours/db/queries";
import type { Command } from "commander";
import { printJson, withDatabase } from "../context";
import { table } from "../table";

export function registerCatalog(program: Command): void {
  program
    .command("catalog")
    .description("list the stages and touchpoints")
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
}
