import { createDatabase, type DatabaseHandle } from "@parcours/db";
import {
  reviewDeliveries,
  reviewSchedules,
  reviews,
  reviewWebhooks,
  savedViews,
  users,
} from "@parcours/db/schema";
import { startWebhookSink, type WebhookSink } from "@parcours/db/testing/reviews/sinks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";

const TARGETS = process.env.DATABASE_URL
  ? (["pglite", "postgres"] as const)
  : (["pglite"] as const);

interface RunSummaryJson {
  created: { id: number; viewId: number; dueAt: string; late: boolean }[];
  ready: { id: number; viewId: number; late: boolean; manual: boolean; deliveries: number }[];
  retried: unknown[];
  failed: unknown[];
  deliveries: { sent: number; retried: number; failed: number; errors: unknown[] };
}

describe.each(TARGETS)("parcours reviews run-due on %s", (name) => {
  let target: CliTarget;
  let hook: WebhookSink;
  let viewId = 0;
  // The webhook sink listens on loopback, which webhooks reach only when allowed.
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(target, args, {
      env: {
        AUTH_URL: "https://parcours.example",
        SMTP_URL: "",
        PARCOURS_WEBHOOK_ALLOW: "127.0.0.1",
        ...env,
      },
    });
  const open = (): DatabaseHandle =>
    createDatabase({
      url: target.env.DATABASE_URL || undefined,
      dataDir: target.env.PARCOURS_DATA_DIR,
    });

  beforeAll(async () => {
    target = await cliTarget(name);
    await seedCatalogueOnly(target);
    hook = await startWebhookSink();
    const handle = open();
    try {
      const [owner] = await handle.db
        .insert(users)
        .values({ email: "owner@example.com", role: "manager", passwordHash: "h" })
        .returning({ id: users.id });
      const ownerId = owner?.id ?? 0;
      const [view] = await handle.db
        .insert(savedViews)
        .values({ name: "Cron view", ownerId, period: { kind: "relative", days: 7 } })
        .returning({ id: savedViews.id });
      viewId = view?.id ?? 0;
      // Weekly on today's weekday at 00:00 UTC, made eight days ago,
      // so that its latest due time (today or a week ago) has passed and follows its making.
      const today = new Date();
      const weekday = today.getUTCDay() === 0 ? 7 : today.getUTCDay();
      await handle.db.insert(reviewSchedules).values({
        viewId,
        cadence: "weekly",
        day: weekday,
        hour: 0,
        timeZone: "UTC",
        createdById: ownerId,
        createdAt: new Date(today.getTime() - 8 * 86_400_000),
      });
      await handle.db
        .insert(reviewWebhooks)
        .values({ viewId, url: hook.url, secret: "s".repeat(32), createdById: ownerId });
    } finally {
      await handle.close();
    }
  });
  afterAll(async () => {
    await hook.close();
    await target.cleanup();
  });

  it("makes and takes the due review, posts it to the webhook, and does nothing the second time", async () => {
    const first = await cli(["reviews", "run-due", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as RunSummaryJson;
    expect(summary.created).toHaveLength(1);
    expect(summary.ready).toEqual([
      expect.objectContaining({ viewId, manual: false, deliveries: 1 }),
    ]);
    expect(summary.deliveries).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(hook.received).toHaveLength(1);
    const payload = JSON.parse(hook.received[0]?.body ?? "{}") as {
      review: { id: number; viewName: string; url: string };
    };
    expect(payload.review.viewName).toBe("Cron view");
    expect(payload.review.url).toBe(
      `https://parcours.example/journeys/${viewId}/reviews/${payload.review.id}`,
    );

    const second = await cli(["reviews", "run-due"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe("no review was due\ndeliveries: 0 sent, 0 to retry, 0 failed\n");
    const handle = open();
    try {
      expect(await handle.db.select().from(reviews)).toHaveLength(1);
      expect(await handle.db.select().from(reviewDeliveries)).toHaveLength(1);
    } finally {
      await handle.close();
    }
    expect(hook.received).toHaveLength(1);
  });

  it("the text output names what it did; a bad SMTP_URL is refused", async () => {
    const handle = open();
    try {
      await handle.db.insert(reviews).values({ viewId, dueAt: new Date(), manual: true });
    } finally {
      await handle.close();
    }
    const run = await cli(["reviews", "run-due"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^review \\d+ of view ${viewId} \\(asked for [0-9T:.-]+Z\\) taken: 1 delivery made\\ndeliveries: 1 sent, 0 to retry, 0 failed\\n$`,
      ),
    );
    const bad = await runCli(target, ["reviews", "run-due"], {
      env: { SMTP_URL: "http://mail.example" },
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    const badAllow = await cli(["reviews", "run-due"], { PARCOURS_WEBHOOK_ALLOW: "10.0.0.0/33" });
    expect(badAllow.code).toBe(1);
    expect(badAllow.stderr).toContain(
      'PARCOURS_WEBHOOK_ALLOW: "10.0.0.0/33" is not an IP address or CIDR range',
    );
  });

  it("without PARCOURS_WEBHOOK_ALLOW, the webhook on loopback fails at once and nothing is posted", async () => {
    const handle = open();
    try {
      await handle.db.insert(reviews).values({ viewId, dueAt: new Date(), manual: true });
    } finally {
      await handle.close();
    }
    const posted = hook.received.length;
    const run = await cli(["reviews", "run-due"], { PARCOURS_WEBHOOK_ALLOW: "" });
    // A failed delivery makes the run exit 1, for cron to notice.
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/deliveries: 0 sent, 0 to retry, 1 failed\n/);
    expect(run.stdout).toMatch(/delivery \d+ \(webhook\): /);
    expect(run.stdout).toContain(
      "the webhook's host 127.0.0.1 is not a public address (loopback): webhooks are posted to public addresses only, unless PARCOURS_WEBHOOK_ALLOW lists it",
    );
    expect(hook.received).toHaveLength(posted);
  });
});
