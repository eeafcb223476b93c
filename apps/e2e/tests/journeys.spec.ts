import { readFileSync } from "node:fs";
import { apiAs, codeOf } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

const m = areaMessages<typeof import("../../web/messages/en/journeys.json")>("journeys");
const metrics = areaMessages<typeof import("../../web/messages/en/metrics.json")>("metrics");

test.use({ role: "manager" });

test("[JOURNEYS]: a manager saves a view, annotates a cell and shares it; the link shows the same numbers read-only until revoked", async ({
  page,
  browser,
}) => {
  const name = `Board review ${Date.now()}`;
  await page.goto("/?period=90d");
  // Server-rendered: a click before hydration is lost (a CI run saw the dialog never open), so
  // click until the dialog's name field shows; a click that took is not repeated.
  const nameField = page.getByLabel(m.name, { exact: true });
  await expect(async () => {
    if (!(await nameField.isVisible())) {
      await page.getByRole("button", { name: m.saveAsView }).click({ timeout: 2_000 });
    }
    await expect(nameField).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await nameField.fill(name);
  await page.getByRole("button", { name: m.save, exact: true }).click();
  await page.waitForURL(/\/journeys\/\d+$/);
  const viewId = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // The map's numbers are the API's for the same view.
  const journey = await apiAs("manager").views.journey.query({ id: viewId });
  const discovery = journey.map.stages[0];
  if (!discovery) throw new Error("no stage");
  expect(discovery.customers).toBeGreaterThan(0);
  const reached = page.getByTestId(`kpi-customers-${discovery.key}`);
  await expect(reached).toHaveText(discovery.customers.toLocaleString("en-GB"));

  // A comment pinned to a cell.
  const cell = journey.map.rows.flatMap((r) => r.cells).find((c) => c.customers > 0);
  if (!cell) throw new Error("no cell");
  await page.getByRole("combobox", { name: m.notes.on, exact: true }).click();
  const row = journey.map.rows.find((r) => r.touchpoint === cell.touchpoint);
  const stageName = journey.map.stages.find((s) => s.key === cell.stage)?.name ?? "";
  const label = m.notes.onCell
    .replace("{touchpoint}", row?.name ?? "")
    .replace("{stage}", stageName);
  await page.getByRole("option", { name: label }).click();
  await page
    .getByLabel(m.notes.body, { exact: true })
    .fill("Ratings dropped after the app release");
  await page.getByRole("button", { name: m.notes.add, exact: true }).click();
  await expect(page.getByTestId("note-thread")).toContainText(
    "Ratings dropped after the app release",
  );
  await expect(page.getByTestId("note-thread")).toContainText(label);

  // A share link showing the comments with their authors' names (none unless chosen), opened
  // in a fresh browser with no session.
  await page.getByRole("radio", { name: metrics.shareComments.named }).check();
  await page.getByRole("button", { name: m.share.create }).click();
  const url = (await page.getByTestId("share-url").textContent()) ?? "";
  expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
  const token = url.split("/").pop() ?? "";
  const stranger = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: "en-GB",
  });
  const shared = await stranger.newPage();
  const response = await shared.goto(url);
  expect(response?.status()).toBe(200);
  await expect(shared.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(shared.getByText(m.shared.readOnly)).toBeVisible();
  await expect(shared.getByTestId(`kpi-customers-${discovery.key}`)).toHaveText(
    discovery.customers.toLocaleString("en-GB"),
  );
  await expect(shared.getByTestId("note-thread")).toContainText(
    "Ratings dropped after the app release",
  );
  // Read-only: no comment form, no share panel, no navigation into the app.
  await expect(shared.getByRole("button", { name: m.notes.add })).toHaveCount(0);
  await expect(shared.getByRole("button", { name: m.share.create })).toHaveCount(0);
  // The token reaches nothing else: no other view, no mutation, no dashboard.
  const anonymous = apiAs(null);
  expect(await codeOf(anonymous.views.get.query({ id: viewId }))).toBe("UNAUTHORIZED");
  expect(
    await codeOf(
      anonymous.views.annotate.mutate({ viewId, target: { kind: "view" }, body: "sneaky" }),
    ),
  ).toBe("UNAUTHORIZED");
  expect((await anonymous.shared.journey.query({ token })).view.name).toBe(name);
  expect((await stranger.request.get("/api/trpc/views.list")).status()).toBe(401);
  expect((await stranger.request.get("/")).url()).toMatch(/\/sign-in/);

  // Revoked: 404 at once.
  await page.getByRole("button", { name: m.share.revoke }).click();
  await expect(page.getByTestId("share-link").first()).toContainText(m.share.revoked);
  expect((await shared.goto(url))?.status()).toBe(404);
  await stranger.close();
});

test("[JOURNEYS]: the PDF export opens and carries the view's title and stages", async ({
  page,
}) => {
  const name = `PDF export ${Date.now()}`;
  const view = await apiAs("manager").views.create.mutate({
    name,
    visibility: "team",
    period: { kind: "relative", days: 90 },
  });
  await page.goto(`/journeys/${view.id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: m.export.pdfA4 }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^pdf-export-\d+\.pdf$/);
  const bytes = readFileSync((await file.path()) ?? "");
  const text = bytes.toString("latin1");
  expect(text.startsWith("%PDF-")).toBe(true);
  expect(text).toContain(`(${name})`);
  const journey = await apiAs("manager").views.journey.query({ id: view.id });
  for (const stage of journey.map.stages) expect(text).toContain(stage.name);
});
