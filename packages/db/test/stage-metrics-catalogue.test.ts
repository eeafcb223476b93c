import { type TStageMetric, ZCatalogueDocumentSchema } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoStageMetrics, seedCatalogue } from "../src/demo/catalogue";
import {
  applyCatalogue,
  exportCatalogue,
  getCatalogue,
  listAudit,
  planCatalogue,
  setStageMetrics,
} from "../src/queries";
import { DomainError } from "../src/queries/errors";
import { openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "./helpers";

const admin = { id: null, email: "admin@example.com" };
const visits: TStageMetric = {
  key: "visits",
  name: "Visits",
  kind: "events",
  of: { touchpoints: ["ads"], types: ["view"] },
  target: { op: "gte", value: 100 },
};

/** The tests run in order on one database. */
describe.each(TEST_TARGETS)("stage metrics in the catalogue on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.cleanup());

  it("sets a stage's metrics with one audit entry; the same metrics again write nothing", async () => {
    await setStageMetrics(t.db, admin, { stage: "discovery", metrics: [visits] });
    await setStageMetrics(t.db, admin, { stage: "discovery", metrics: [visits] });
    const catalogue = await getCatalogue(t.db);
    expect(catalogue.stages.find((s) => s.key === "discovery")?.metrics).toEqual([visits]);
    const rows = (await listAudit(t.db, { entityType: "stage" })).rows;
    expect(rows.map((r) => r.action)).toEqual(["stage.metrics"]);
    expect(rows[0]?.summary).toBe("set the metrics of the stage Discovery: Visits");
  });

  it("refuses a metric naming a touchpoint the catalogue does not have, naming it; an unknown stage is not found", async () => {
    const bad = { ...visits, of: { touchpoints: ["ads", "nowhere"], types: [] } };
    const refused = setStageMetrics(t.db, admin, { stage: "discovery", metrics: [bad] });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toThrow(/visits.*nowhere/);
    await expect(
      setStageMetrics(t.db, admin, { stage: "nope", metrics: [] }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });

  it("export carries the metrics; applying the export changes nothing", async () => {
    const doc = await exportCatalogue(t.db);
    expect(doc.stages.find((s) => s.key === "discovery")?.metrics).toEqual([visits]);
    expect(doc.stages.find((s) => s.key === "loyalty")?.metrics).toEqual([]);
    const parsed = ZCatalogueDocumentSchema.parse(JSON.parse(JSON.stringify(doc)));
    const diff = await planCatalogue(t.db, parsed);
    expect(diff.stages.changed).toEqual([]);
  });

  it("apply round trip: a new touchpoint and a loyalty metric naming it, and discovery's removed, come back from export as written", async () => {
    const doc = await exportCatalogue(t.db);
    const repeat: TStageMetric = {
      key: "repeat",
      name: "Repeat purchase",
      kind: "repeat",
      type: "purchase",
      target: { op: "gte", value: 0.3 },
    };
    const club: TStageMetric = {
      key: "club",
      name: "Club members",
      kind: "customers",
      of: { touchpoints: ["club"], types: [] },
      target: null,
    };
    const wanted = ZCatalogueDocumentSchema.parse({
      ...doc,
      touchpoints: [
        ...doc.touchpoints,
        { key: "club", name: "Club", channel: "email", stage: "loyalty" },
      ],
      stages: doc.stages.map((s) =>
        s.key === "loyalty"
          ? { ...s, metrics: [repeat, club] }
          : s.key === "discovery"
            ? { ...s, metrics: [] }
            : s,
      ),
    });
    const diff = await applyCatalogue(t.db, admin, wanted);
    expect(diff.stages.changed).toEqual([
      { key: "discovery", fields: ["metrics"] },
      { key: "loyalty", fields: ["metrics"] },
    ]);
    const after = await exportCatalogue(t.db);
    expect(after.stages.find((s) => s.key === "loyalty")?.metrics).toEqual([repeat, club]);
    expect(after.stages.find((s) => s.key === "discovery")?.metrics).toEqual([]);
    const again = await planCatalogue(t.db, ZCatalogueDocumentSchema.parse(after));
    expect(again.stages.changed).toEqual([]);
  });

  it("a document whose metric names a touchpoint it does not list is refused by the schema, naming it", () => {
    const result = ZCatalogueDocumentSchema.safeParse({
      version: 1,
      channels: [{ key: "web", name: "Web" }],
      stages: [{ key: "s", name: "S", conversion: true, metrics: [{ ...visits, key: "v" }] }],
      touchpoints: [],
      personas: [],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      "no touchpoint with the key ads in the document",
    ]);
  });
});

describe.each(TEST_TARGETS)("the demo catalogue's stage metrics on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedCatalogue(t.db, "fr");
  });
  afterAll(() => t.cleanup());

  it("seeds the seeds' measures (French names), each naming only the demo's touchpoints", async () => {
    const doc = ZCatalogueDocumentSchema.parse(await exportCatalogue(t.db));
    expect(
      Object.fromEntries(doc.stages.map((s) => [s.key, s.metrics.map((m) => m.name)])),
    ).toEqual({
      discovery: ["Visites"],
      consideration: ["Taux de clic des annonces"],
      decision: [],
      purchase: ["Taux de conversion", "Coût par conversion"],
      after_sales: [],
      loyalty: ["Taux de réachat", "Satisfaction", "Avis"],
    });
    expect(doc.stages.find((s) => s.key === "loyalty")?.metrics).toEqual(
      demoStageMetrics("fr").loyalty,
    );
  });
});
