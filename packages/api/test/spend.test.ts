import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { MAX_SPEND_CSV_CHARS, type TStageMetric } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerAs, createTestUsers, refusal, type TestUsers } from "./procedures";

const csv = (...rows: string[]) => ["date,channel,amount", ...rows].join("\n");
const period = { kind: "fixed" as const, from: "2021-01-04", to: "2021-01-06" };
const perBuyer: TStageMetric = {
  key: "cost_per_buyer",
  name: "Cost per buyer",
  kind: "cost",
  channels: ["web"],
  per: { kind: "customers", of: { touchpoints: [], types: ["purchase"] } },
  target: { op: "lte", value: 50 },
};

describe.each(TEST_TARGETS)("spend through the routers on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let admin: Caller;
  let manager: Caller;
  let viewer: Caller;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    admin = await callerAs(t.db, users.admin);
    manager = await callerAs(t.db, users.manager);
    viewer = await callerAs(t.db, users.viewer);
    // 2021-01-04 and 05: c1 and c2 buy, c3 views.
    await insertEvents(t.db, [
      { id: "p1", customer: "c1", touchpoint: "checkout", t: 0, type: "purchase" },
      { id: "p2", customer: "c2", touchpoint: "checkout", t: DAY, type: "purchase" },
      { id: "v3", customer: "c3", touchpoint: "ads", t: DAY },
    ]);
  });
  afterAll(() => t.cleanup());

  it("only admins import, list and delete spend: a manager and a viewer are FORBIDDEN", async () => {
    const input = { csv: csv("2021-01-04,web,10") };
    for (const caller of [manager, viewer]) {
      expect((await refusal(caller.admin.spend.import(input)))[0]).toBe("FORBIDDEN");
      expect((await refusal(caller.admin.spend.list()))[0]).toBe("FORBIDDEN");
      const period = { from: "2021-01-01", to: "2021-02-01" };
      expect((await refusal(caller.admin.spend.delete(period)))[0]).toBe("FORBIDDEN");
    }
    expect((await admin.admin.spend.list()).months).toEqual([]);
  });

  it("an import answers its summary; the list gives the month; the audit log has it", async () => {
    expect(
      await admin.admin.spend.import({
        csv: csv("2021-01-04,web,60.00", '2021-01-05,web,"30,50"', "2021-01-04,email,5"),
      }),
    ).toEqual({
      rows: 3,
      days: 2,
      channels: 2,
      totalCents: 9_550,
      firstDay: "2021-01-04",
      lastDay: "2021-01-05",
    });
    expect(await admin.admin.spend.list()).toEqual({
      months: [
        { month: "2021-01", channel: "email", channelName: "Email", cents: 500, days: 1 },
        { month: "2021-01", channel: "web", channelName: "Web", cents: 9_050, days: 2 },
      ],
      totalCents: 9_550,
      firstDay: "2021-01-04",
      lastDay: "2021-01-05",
    });
    const audit = await admin.admin.audit.list({ entityType: "spend" });
    expect(audit.rows.map((r) => r.action)).toEqual(["spend.import"]);
  });

  it("a refused file is BAD_REQUEST with every bad line, and stores nothing", async () => {
    const [code, message] = await refusal(
      admin.admin.spend.import({ csv: csv("2021-01-06,web,1", "2021-13-01,web,1", "x,tv,-1") }),
    );
    expect(code).toBe("BAD_REQUEST");
    expect(message).toBe(
      [
        "line 3: “2021-13-01” is not a date written YYYY-MM-DD",
        "line 4: “x” is not a date written YYYY-MM-DD",
        "line 4: no channel with the key “tv” in the catalogue",
        "line 4: the amount -1 is negative",
      ].join("; "),
    );
    expect((await admin.admin.spend.list()).lastDay).toBe("2021-01-05");
    const tooLong = "x".repeat(MAX_SPEND_CSV_CHARS + 1);
    expect(await refusal(admin.admin.spend.import({ csv: tooLong }))).toEqual([
      "BAD_REQUEST",
      `csv: at most ${MAX_SPEND_CSV_CHARS} characters`,
    ]);
    expect(
      await refusal(admin.admin.spend.delete({ from: "2021-02-01", to: "2021-01-01" })),
    ).toEqual(["BAD_REQUEST", "to: must be after the first day"]);
  });

  it("a viewer sees the cost per buyer on a view's journey: web 90.50 ÷ 2 buyers = 45.25, ≤ 50 met", async () => {
    expect(
      await refusal(
        admin.admin.catalogue.setStageMetrics({
          stage: "purchase",
          metrics: [{ ...perBuyer, channels: ["tv"] }],
        }),
      ),
    ).toEqual([
      "BAD_REQUEST",
      "the metric cost_per_buyer names channels the catalogue does not have: tv",
    ]);
    await admin.admin.catalogue.setStageMetrics({ stage: "purchase", metrics: [perBuyer] });
    const view = await manager.views.create({ name: "Spend", visibility: "team", period });
    const journey = await viewer.views.journey({ id: view.id });
    const purchase = journey.stageMetrics.stages.find((s) => s.stage === "purchase");
    expect(purchase?.metrics).toEqual([
      {
        key: "cost_per_buyer",
        name: "Cost per buyer",
        kind: "cost",
        value: 45.25,
        n: 2,
        target: { op: "lte", value: 50 },
        status: "met",
        previous: null,
      },
    ]);
  });

  it("deleting January's spend leaves the cost without a value", async () => {
    expect(await admin.admin.spend.delete({ from: "2021-01-01", to: "2021-02-01" })).toEqual({
      rows: 3,
    });
    const views = await viewer.views.list();
    const view = views.find((v) => v.name === "Spend");
    if (!view) throw new Error("the view is gone");
    const journey = await viewer.views.journey({ id: view.id });
    const purchase = journey.stageMetrics.stages.find((s) => s.stage === "purchase");
    expect(purchase?.metrics[0]).toMatchObject({ value: null, n: 2, status: "no_data" });
  });
});
