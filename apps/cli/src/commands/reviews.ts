import type { Command } from "commander";
import { printJson, withMetrics } from "../context";
import { readEnv } from "../env";

interface RunDueOptions {
  json?: boolean;
}

const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

export function registerReviews(program: Command): void {
  const reviews = program
    .command("reviews")
    .description("scheduled reviews of saved views (docs/reviews.md)");
  reviews
    .command("run-due")
    .description(
      "one pass of the review engine: make the reviews now due, take the pending ones, send due deliveries (for cron with PARCOURS_REVIEWS=off)",
    )
    .option("--json", "what the pass did, as JSON")
    .action((options: RunDueOptions) =>
      withMetrics(async (metrics, handle) => {
        const env = readEnv();
        const { deliveryOptionsFromEnv } = await import("@parcours/db/reviews/deliver");
        const { runDueReviews } = await import("@parcours/db/reviews/runner");
        const delivery = deliveryOptionsFromEnv(env);
        let summary: Awaited<ReturnType<typeof runDueReviews>>;
        try {
          summary = await runDueReviews({ db: handle.db, metrics, delivery }, new Date());
        } finally {
          delivery.mailer?.close();
        }
        if (options.json) return printJson(summary);
        const lines = [
          ...summary.created.map(
            (r) =>
              `review ${r.id} of view ${r.viewId} due ${iso(r.dueAt)} made${r.late ? " (late)" : ""}`,
          ),
          ...summary.ready.map(
            (r) =>
              `review ${r.id} of view ${r.viewId} (${r.manual ? "asked for" : "due"} ${iso(r.dueAt)}) taken${r.late ? ", late" : ""}: ${r.deliveries} deliver${r.deliveries === 1 ? "y" : "ies"} made`,
          ),
          ...summary.retried.map(
            (r) =>
              `review ${r.id} of view ${r.viewId}: attempt ${r.attempts} failed (${r.error}); tried again later`,
          ),
          ...summary.failed.map(
            (r) =>
              `review ${r.id} of view ${r.viewId}: failed after ${r.attempts} attempts (${r.error})`,
          ),
          ...summary.skipped.map((k) => `view ${k.viewId}: schedule skipped (${k.error})`),
          ...summary.deliveries.errors.map(
            (e) => `delivery ${e.deliveryId} (${e.channel}): ${e.error}`,
          ),
        ];
        const d = summary.deliveries;
        lines.push(`deliveries: ${d.sent} sent, ${d.retried} to retry, ${d.failed} failed`);
        if (
          summary.created.length +
            summary.ready.length +
            summary.retried.length +
            summary.failed.length ===
          0
        ) {
          lines.unshift("no review was due");
        }
        console.log(lines.join("\n"));
        if (summary.failed.length || summary.skipped.length || d.failed) process.exitCode = 1;
      }),
    );
}
