import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresEngine } from "../../src/metrics/engine";
import { type ReviewLogLevel, reviewLoopEnabled, startReviewLoop } from "../../src/reviews/loop";
import { users } from "../../src/schema/auth";
import { reviewSchedules, reviews } from "../../src/schema/reviews";
import { savedViews } from "../../src/schema/views";
import { openTestDatabase, seedTestCatalogue, type TestDatabase } from "../helpers";

/*
 * The server's review loop: a pass at start takes a review that was due while no server ran,
 * a review asked for by hand is taken on the short tick, and a database outage is logged once.
 */

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the review loop", () => {
  let t: TestDatabase;
  let viewId = 0;

  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    await seedTestCatalogue(t.db);
    const [owner] = await t.db
      .insert(users)
      .values({ email: "owner@example.com", role: "manager", passwordHash: "h" })
      .returning({ id: users.id });
    const [view] = await t.db
      .insert(savedViews)
      .values({ name: "Loop view", ownerId: owner?.id ?? 0, period: { kind: "relative", days: 7 } })
      .returning({ id: savedViews.id });
    viewId = view?.id ?? 0;
    await t.db.insert(reviewSchedules).values({
      viewId,
      cadence: "monthly",
      day: 1,
      hour: 6,
      timeZone: "Europe/Paris",
      createdById: owner?.id ?? 0,
      createdAt: new Date("2026-01-01T00:00:00Z"),
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("takes the missed review at start, then a manual one within the short tick", async () => {
    const lines: [ReviewLogLevel, string][] = [];
    const loop = startReviewLoop({
      db: async () => t.db,
      metrics: (db) => postgresEngine().on(db),
      delivery: { appUrl: "http://localhost:3000", mailer: null },
      intervalMs: 60_000,
      pendingIntervalMs: 100,
      now: () => new Date("2026-02-03T12:00:00Z"),
      log: (level, message) => lines.push([level, message]),
    });
    try {
      await until(async () => loop.state.reviewsReady === 1);
      const [missed] = await t.db.select().from(reviews);
      // 1 February 06:00 in Paris, two days before "now": late.
      expect([missed?.dueAt.toISOString(), missed?.late, missed?.status]).toEqual([
        "2026-02-01T05:00:00.000Z",
        true,
        "ready",
      ]);
      expect(lines).toContainEqual(["info", "1 review taken (1 late)"]);
      await t.db.insert(reviews).values({
        viewId,
        dueAt: new Date("2026-02-03T11:59:59Z"),
        manual: true,
      });
      await until(async () => loop.state.reviewsReady === 2);
      expect((await t.db.select().from(reviews)).map((r) => r.status)).toEqual(["ready", "ready"]);
    } finally {
      await loop.stop();
    }
    expect(loop.state.running).toBe(false);
  });

  it("never throws, and logs an unreachable database once per outage", async () => {
    const lines: [ReviewLogLevel, string][] = [];
    let down = true;
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    const loop = startReviewLoop({
      db: async () => {
        if (down) throw refused;
        return t.db;
      },
      metrics: (db) => postgresEngine().on(db),
      delivery: { appUrl: "http://localhost:3000", mailer: null },
      pendingIntervalMs: 20,
      log: (level, message) => lines.push([level, message]),
    });
    try {
      await until(async () => loop.state.failures >= 5);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.[0]).toBe("warn");
      expect(lines[0]?.[1]).toMatch(/^ECONNREFUSED: connect ECONNREFUSED/);
      down = false;
      await until(async () => loop.state.passes > 0);
      expect(lines[1]).toEqual(["info", "the database answers again; reviews go on"]);
    } finally {
      await loop.stop();
    }
  });

  it("PARCOURS_REVIEWS=off turns it off", () => {
    expect(reviewLoopEnabled({})).toBe(true);
    expect(reviewLoopEnabled({ PARCOURS_REVIEWS: "off" })).toBe(false);
    expect(reviewLoopEnabled({ PARCOURS_REVIEWS: " OFF " })).toBe(false);
    expect(reviewLoopEnabled({ PARCOURS_REVIEWS: "on" })).toBe(true);
  });
});
