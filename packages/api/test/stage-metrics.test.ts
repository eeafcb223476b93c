import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import type { TStageMetric } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerAs, createTestUsers, refusal, type TestUsers } from "./procedures";

const period = { kind: "fixed" as const, from: "2021-01-04", to: "2021-01-14" };
const visits: TStageMetric = {
  key: "visits",
  name: "Visits",
  kind: "events",
  of: { touchpoints: ["ads"], types: [] },
  target: { op: "gte", value: 3 },
};

describe.each(TEST_TARGETS)("stage metrics through the routers on %s", (target) => {
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
    await insertEvents(t.db, [
      { id: "v1", customer: "c1", touchpoint: "ads", t: 0 },
      { id: "v2", customer: "c2", touchpoint: "ads", t: DAY },
      // The period before (10 days earlier): one ads visit.
      { id: "v0", customer: "c0", touchpoint: "ads", t: -5 * DAY },
    ]);
  });
  afterAll(() => t.cleanup());

  it("only admins set a stage's metrics: a manager and a viewer are FORBIDDEN", async () => {
    const input = { stage: "discovery", metrics: [visits] };
    expect((await refusal(manager.admin.catalogue.setStageMetrics(input)))[0]).toBe("FORBIDDEN");
    expect((await refusal(viewer.admin.catalogue.setStageMetrics(input)))[0]).toBe("FORBIDDEN");
    expect(await admin.admin.catalogue.setStageMetrics(input)).toEqual({ stage: "discovery" });
    const catalogue = await admin.admin.catalogue.get();
    expect(catalogue.stages.find((s) => s.key === "discovery")?.metrics).toEqual([visits]);
  });

  it("bad input is BAD_REQUEST naming the field; an unknown touchpoint or stage is named", async () => {
    expect(
      await refusal(
        admin.admin.catalogue.setStageMetrics({
          stage: "discovery",
          metrics: [{ ...visits, target: { op: "gte", value: Number.NaN } }],
        }),
      ),
    ).toEqual(["BAD_REQUEST", "metrics.0.target.value: must be a number"]);
    expect(
      await refusal(
        admin.admin.catalogue.setStageMetrics({
          stage: "discovery",
          metrics: [{ ...visits, of: { touchpoints: ["kiosk"], types: [] } }],
        }),
      ),
    ).toEqual([
      "BAD_REQUEST",
      "the metric visits names touchpoints the catalogue does not have: kiosk",
    ]);
    expect(
      (await refusal(admin.admin.catalogue.setStageMetrics({ stage: "nope", metrics: [] })))[0],
    ).toBe("NOT_FOUND");
  });

  it("a viewer opens a view's journey: discovery's visits 2 (c1, c2) against ≥ 3, missed, 1 in the period before", async () => {
    const view = await manager.views.create({ name: "January", visibility: "team", period });
    const journey = await viewer.views.journey({ id: view.id });
    const discovery = journey.stageMetrics.stages.find((s) => s.stage === "discovery");
    expect(discovery?.metrics).toEqual([
      {
        key: "visits",
        name: "Visits",
        kind: "events",
        value: 2,
        n: 2,
        target: { op: "gte", value: 3 },
        status: "missed",
        previous: 1,
      },
    ]);
  });
});
