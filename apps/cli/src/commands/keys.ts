import { createApiKey, listApiKeys, revokeApiKey } from "@parcours/db/queries";
import { ZApiKeyCreateSchema } from "@parcours/validators";
import type { Command } from "commander";
import { cliActor, note, printJson, UsageError, withDatabase } from "../context";

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("API keys for the ingestion endpoints");

  keys
    .command("create")
    .description("create a key; it is printed once, only its hash is stored")
    .requiredOption("--name <name>", 'what the key is for (e.g. "Website tag")')
    .option("--json", 'print {"id","key"} as JSON')
    .action((options: { name: string; json?: boolean }) => {
      const parsed = ZApiKeyCreateSchema.safeParse({ name: options.name });
      if (!parsed.success) {
        throw new UsageError(`--name: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
      }
      return withDatabase(async ({ db }) => {
        const { apiKey, key } = await createApiKey(db, cliActor(), parsed.data.name);
        if (options.json) {
          printJson({ id: String(apiKey.id), key });
          return;
        }
        process.stdout.write(`${key}\n`);
        note(`Key ${apiKey.id} "${apiKey.name}" created. It is shown this once: store it now.`);
      });
    });

  keys
    .command("revoke")
    .description("revoke a key at once")
    .argument("<id>", "the key's id (pnpm parcours keys list)")
    .action((id: string) => {
      if (!/^\d+$/.test(id) || Number(id) < 1)
        throw new UsageError(`"${id}" is not a key id (a whole number)`);
      return withDatabase(async ({ db }) => {
        const row = await revokeApiKey(db, cliActor(), Number(id));
        note(`Key ${row.id} "${row.name}" is revoked.`);
      });
    });

  keys
    .command("list")
    .description("list keys (never the keys themselves)")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) =>
      withDatabase(async ({ db }) => {
        const rows = await listApiKeys(db);
        if (options.json) {
          printJson(
            rows.map((k) => ({
              id: String(k.id),
              name: k.name,
              prefix: k.prefix,
              createdAt: k.createdAt.toISOString(),
              lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
              revoked: k.revokedAt !== null,
            })),
          );
          return;
        }
        for (const k of rows) {
          process.stdout.write(
            `${k.id}\t${k.prefix}…\t${k.name}${k.revokedAt ? "\trevoked" : ""}\n`,
          );
        }
      }),
    );
}
