import { readFileSync } from "node:fs";
import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

test.use({ role: "admin" });

const m = areaMessages<typeof import("../../web/messages/en/admin-spend.json")>("admin-spend");

const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);

/** A month long before the demo's data, so the demo's own spend is left alone. */
const GOOD = [
  "date,channel,amount",
  "2019-03-04,web,100.00",
  '2019-03-05,web,"20,50"',
  "2019-03-05,email,7",
].join("\n");
const BAD = [
  "date,channel,amount",
  "2019-03-06,web,1",
  "2019-03-32,web,1",
  "2019-03-07,tv,-2",
].join("\n");

test("[SPEND]: an admin imports a spend CSV, sees refused lines by number, the month's spend, and deletes it", async ({
  page,
  f,
}) => {
  const admin = apiAs("admin");
  await admin.admin.spend.delete.mutate({ from: "2019-03-01", to: "2019-04-01" });
  await page.goto("/admin/spend");
  const file = page.locator('input[type="file"]');

  await file.setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(BAD) });
  await page.getByRole("button", { name: m.upload.start }).click();
  const errors = page.getByTestId("spend-errors").getByRole("listitem");
  await expect(errors).toHaveText([
    "line 3: “2019-03-32” is not a date written YYYY-MM-DD",
    "line 4: no channel with the key “tv” in the catalogue",
    "line 4: the amount -2 is negative",
  ]);
  expect(
    (await admin.admin.spend.list.query()).months.filter((x) => x.month === "2019-03"),
  ).toEqual([]);

  await file.setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(GOOD) });
  await page.getByRole("button", { name: m.upload.start }).click();
  await expect(page.getByText(/Imported 3 rows from good\.csv/)).toBeVisible();
  await expect(page.getByTestId("spend-errors")).toHaveCount(0);

  const listed = (await admin.admin.spend.list.query()).months.filter((x) => x.month === "2019-03");
  expect(listed.map((x) => [x.channel, x.cents])).toEqual([
    ["email", 700],
    ["web", 12_050],
  ]);
  const row = page.getByRole("row", { name: /March 2019/ });
  // web 120.50 and email 7.00; the month's total 127.50.
  await expect(row).toContainText(f.currencyCents(120.5));
  await expect(row).toContainText(f.currencyCents(127.5));

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: m.table.csv }).click();
  const csv = readFileSync((await (await downloading).path()) ?? "", "utf8");
  expect(csv.startsWith("\uFEFFmonth,channel,days,amount (EUR)\r\n")).toBe(true);
  expect(csv.split("\r\n")).toEqual(
    expect.arrayContaining(["2019-03,email,1,7", "2019-03,web,2,120.5"]),
  );

  await row
    .getByRole("button", { name: fill(m.table.deleteMonth, { month: "March 2019" }) })
    .click();
  await page.getByRole("dialog").getByRole("button", { name: m.remove.confirm }).click();
  // While the dialog is open the page behind it is hidden from the accessibility tree, so
  // "no March 2019 row" would hold before the deletion has run: wait for the dialog to
  // close and the deletion's own message first.
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByText("Deleted 3 rows.")).toBeVisible();
  await expect(page.getByRole("row", { name: /March 2019/ })).toHaveCount(0);
  expect(
    (await admin.admin.spend.list.query()).months.filter((x) => x.month === "2019-03"),
  ).toEqual([]);
});

const sm = areaMessages<typeof import("../../web/messages/en/stage-metrics.json")>("stage-metrics");

test("[SPEND]: an admin builds a cost metric; the journey map shows it as money with its cents", async ({
  page,
  f,
}) => {
  const admin = apiAs("admin");
  const catalogue = await admin.admin.catalogue.get.query();
  const stage = catalogue.stages.find((s) => s.key === "decision");
  if (!stage) throw new Error("the demo catalogue has no decision stage");
  const kept = stage.metrics;

  await page.goto("/admin/catalogue");
  await page.getByRole("button", { name: fill(sm.editor.title, { stage: stage.name }) }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: sm.editor.add }).click();
  const draft = dialog.getByTestId(`metric-draft-${kept.length}`);
  await draft.getByLabel(sm.editor.key, { exact: true }).fill("e2e_web_cost");
  await draft.getByLabel(sm.editor.name, { exact: true }).fill("Web cost per customer (e2e)");
  await draft.getByRole("combobox", { name: sm.editor.kind }).click();
  await page.getByRole("option", { name: sm.editor.kinds.cost }).click();
  await draft.getByLabel(sm.editor.channels).fill("web");
  await draft.getByRole("combobox", { name: `${sm.editor.per} · ${sm.editor.countKind}` }).click();
  await page.getByRole("option", { name: sm.editor.kinds.customers }).click();
  await draft.getByRole("combobox", { name: sm.editor.targetOp }).click();
  await page.getByRole("option", { name: sm.editor.targetLte }).click();
  await draft.getByLabel(sm.editor.targetValue).fill("1000");
  await dialog.getByRole("button", { name: sm.editor.save }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const saved = (await admin.admin.catalogue.get.query()).stages.find((s) => s.key === stage.key);
  expect(saved?.metrics.at(-1)).toEqual({
    key: "e2e_web_cost",
    name: "Web cost per customer (e2e)",
    kind: "cost",
    channels: ["web"],
    per: { kind: "customers", of: { touchpoints: [], types: [] } },
    target: { op: "lte", value: 1000 },
  });

  try {
    const view = await apiAs("manager").views.create.mutate({
      name: `Spend ${Date.now()}`,
      visibility: "team",
      period: { kind: "relative", days: 30 },
    });
    const journey = await apiAs("manager").views.journey.query({ id: view.id });
    const metric = journey.stageMetrics.stages
      .find((s) => s.stage === stage.key)
      ?.metrics.find((x) => x.key === "e2e_web_cost");
    if (!metric || metric.value === null) throw new Error("the demo has no web spend");
    await page.goto(`/journeys/${view.id}`);
    const shown = page.getByTestId(`stage-metric-${stage.key}-e2e_web_cost`);
    await expect(shown.getByTestId("stage-metric-value")).toHaveText(f.currencyCents(metric.value));
    await expect(shown.getByTestId("stage-metric-status")).toHaveText(sm.status.met);
  } finally {
    await admin.admin.catalogue.setStageMetrics.mutate({ stage: stage.key, metrics: kept });
  }
});

test.describe("at 768 px in French", () => {
  test.use({ appLocale: "fr", viewport: { width: 768, height: 1000 } });

  test("[SPEND]: the month × channel table scrolls in its box and does not widen the page", async ({
    page,
  }) => {
    await page.goto("/admin/spend");
    await expect(page.getByTestId("spend-table")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      768,
    );
  });
});
