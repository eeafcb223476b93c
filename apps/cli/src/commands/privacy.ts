import { eraseCustomer } from "@parcours/db/queries";
import { ZExternalIdSchema } from "@parcours/validators";
import type { Command } from "commander";
import { cliActor, note, printJson, UsageError, withDatabase } from "../context";

export function registerPrivacy(program: Command): void {
  program
    .command("erase-customer")
    .description(
      "erase what identifies one customer: their comments, external id and attributes (docs/privacy.md)",
    )
    .argument("<customer-id>", "the customer's external id, as sent with their events")
    .option("--json", "print JSON")
    .action(async (customerId: string, options: { json?: boolean }) => {
      const parsed = ZExternalIdSchema.safeParse(customerId);
      if (!parsed.success) {
        throw new UsageError(`customer id "${customerId}": ${parsed.error.issues[0]?.message}`);
      }
      await withDatabase(async ({ db }) => {
        const erased = await eraseCustomer(db, cliActor(), parsed.data);
        if (options.json) printJson(erased);
        else {
          note(
            `Erased customer #${erased.id}: external id, attributes and ${erased.comments} comment${erased.comments === 1 ? "" : "s"}. Their events stay, anonymous.`,
          );
        }
      });
    });
}
