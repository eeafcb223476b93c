import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { demoSpendRows, seedDemo } from "../src/demo";
import { getStageMetrics } from "../src/metrics";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "./helpers";

const DAY_MS = 86_400_000;

describe("demoSpendRows", () => {
  it("one row per paid channel and UTC day from end − days to end; Saturday 1.25 × the base", () => {
    // 2021-01-04 12:00 (a Monday) − 2 days: Saturday 01-02, Sunday 01-03, Monday 01-04.
    const rows = demoSpendRows({
      end: new Date("2021-01-04T12:00:00Z"),
      days: 2,
      customers: 20_000,
    });
    expect([...new Set(rows.map((r) => r.day))]).toEqual([
      "2021-01-02",
      "2021-01-03",
      "2021-01-04",
    ]);
    expect(rows.filter((r) => r.day === "2021-01-02").map((r) => r.channel)).toEqual([
      "web",
      "social",
      "store",
      "partner",
      "app",
      "email",
    ]);
    expect(rows.find((r) => r.day === "2021-01-02" && r.channel === "web")?.cents).toBe(47_500);
    expect(rows.find((r) => r.day === "2021-01-04" && r.channel === "email")?.cents).toBe(3_500);
  });

  it("scales with the customers and ends before a midnight end", () => {
    const rows = demoSpendRows({
      end: new Date("2021-01-04T00:00:00Z"),
      days: 1,
      customers: 2_000,
    });
    expect(rows.map((r) => r.day)).toEqual(Array(6).fill("2021-01-03"));
    expect(rows.find((r) => r.channel === "web")?.cents).toBe(4_560);
  });
});

describe.each(TEST_TARGETS)("the demo's cost per conversion on %s", (target) => {
  let t: TestDatabase;
  const end = new Date("2025-06-01T00:00:00Z");
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedDemo(t.db, { customers: 300, seed: 3, end, days: 30 });
  });
  afterAll(() => t.cleanup());

  it("is the seeded spend of the period ÷ its buyers, and has a value", async () => {
    const from = new Date(end.getTime() - 14 * DAY_MS);
    const m = await getStageMetrics(t.db, { filter: { from, to: end } });
    const cost = m.stages
      .find((s) => s.stage === "purchase")
      ?.metrics.find((x) => x.key === "cost_per_conversion");
    const [row] = await queryRows<{ cents: string; buyers: number }>(
      t.db,
      sql`SELECT (SELECT sum(amount_cents) FROM channel_spend
                  WHERE day >= '2025-05-18' AND day < '2025-06-01')::text AS cents,
          (SELECT count(DISTINCT customer_id) FROM events WHERE type = 'purchase'
             AND occurred_at >= ${from.toISOString()}::timestamptz
             AND occurred_at < ${end.toISOString()}::timestamptz)::int AS buyers`,
    );
    const buyers = row?.buyers ?? 0;
    expect(buyers).toBeGreaterThan(0);
    expect(cost?.n).toBe(buyers);
    expect(cost?.value).toBeCloseTo(Number(row?.cents) / 100 / buyers, 9);
  });
});
