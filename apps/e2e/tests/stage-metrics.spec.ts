import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

const m = areaMessages<typeof import("../../web/messages/en/stage-metrics.json")>("stage-metrics");

const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);

test.use({ role: "admin" });

test("[STAGE METRICS]: an admin adds a metric with a target; the journey map shows its value, target and status", async ({
  page,
  f,
}) => {
  const admin = apiAs("admin");
  const catalogue = await admin.admin.catalogue.get.query();
  const stage = catalogue.stages[0];
  if (!stage) throw new Error("the demo catalogue has no stage");
  const kept = stage.metrics;

  await page.goto("/admin/catalogue");
  await page.getByRole("button", { name: fill(m.editor.title, { stage: stage.name }) }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: m.editor.add }).click();
  const draft = dialog.getByTestId(`metric-draft-${kept.length}`);
  await draft.getByLabel(m.editor.key, { exact: true }).fill("e2e_views");
  await draft.getByLabel(m.editor.name, { exact: true }).fill("Views (e2e)");
  await draft.getByLabel(m.editor.types).fill("view");
  await draft.getByRole("combobox", { name: m.editor.targetOp }).click();
  await page.getByRole("option", { name: m.editor.targetGte }).click();
  await draft.getByLabel(m.editor.targetValue).fill("1");
  await dialog.getByRole("button", { name: m.editor.save }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const saved = (await admin.admin.catalogue.get.query()).stages.find((s) => s.key === stage.key);
  expect(saved?.metrics.at(-1)).toEqual({
    key: "e2e_views",
    name: "Views (e2e)",
    kind: "events",
    of: { touchpoints: [], types: ["view"] },
    target: { op: "gte", value: 1 },
  });

  try {
    const view = await apiAs("manager").views.create.mutate({
      name: `Stage metrics ${Date.now()}`,
      visibility: "team",
      period: { kind: "relative", days: 90 },
    });
    const journey = await apiAs("manager").views.journey.query({ id: view.id });
    const metric = journey.stageMetrics.stages
      .find((s) => s.stage === stage.key)
      ?.metrics.find((x) => x.key === "e2e_views");
    if (!metric || metric.value === null) throw new Error("the demo data has no views");
    expect(metric.value).toBeGreaterThan(1);
    expect(metric.status).toBe("met");

    await page.goto(`/journeys/${view.id}`);
    const shown = page.getByTestId(`stage-metric-${stage.key}-e2e_views`);
    await expect(shown).toContainText("Views (e2e)");
    await expect(shown.getByTestId("stage-metric-value")).toHaveText(f.integer(metric.value));
    await expect(shown.getByTestId("stage-metric-target")).toContainText(
      `target ≥ ${f.integer(1)}`,
    );
    await expect(shown.getByTestId("stage-metric-status")).toHaveText(m.status.met);
    await expect(shown.getByTestId("stage-metric-before")).toContainText(
      metric.previous === null ? "—" : f.integer(metric.previous),
    );
  } finally {
    await admin.admin.catalogue.setStageMetrics.mutate({ stage: stage.key, metrics: kept });
  }
});
