import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

// Issue 20, item 15: feedback while waiting, labels that match what they name, and no empty
// control before the page is interactive.

const m = areaMessages<typeof import("../../web/messages/en/journeys.json")>("journeys");

test("[FEEL]: the Period select's value is in the server's HTML, before any script runs", async ({
  page,
  t,
}) => {
  // The HTML as sent (the page's cookies included): what shows before hydration.
  await page.goto("/");
  const html = await (await page.request.get("/?period=90d")).text();
  const trigger = new RegExp(
    `aria-label="${t.filters.period}"[^>]*>\\s*<span[^>]*>\\s*<span[^>]*>${t.filters.presets["90d"]}<`,
  );
  expect(html).toMatch(trigger);
});

test.use({ role: "manager" });

test("[FEEL]: posting a comment says it is posting while the server works", async ({ page }) => {
  const view = await apiAs("manager").views.create.mutate({
    name: `Feel ${Date.now()}`,
    visibility: "team",
    period: { kind: "relative", days: 30 },
  });
  await page.goto(`/journeys/${view.id}`);
  // The server answers slowly: the button must say so meanwhile.
  await page.route("**/api/trpc/views.annotate**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.getByLabel(m.notes.body, { exact: true }).fill("Checkout felt slow");
  await page.getByRole("button", { name: m.notes.add, exact: true }).click();
  const posting = page.getByRole("button", { name: m.notes.posting });
  await expect(posting).toBeVisible();
  await expect(posting).toHaveAttribute("aria-busy", "true");
  await expect(page.getByText("Checkout felt slow")).toBeVisible();
  await expect(page.getByRole("button", { name: m.notes.add, exact: true })).toBeVisible();
});

test("[FEEL]: a share link row reads 'never expires', not 'Expires on (optional): Never'", async ({
  page,
}) => {
  const view = await apiAs("manager").views.create.mutate({
    name: `Share row ${Date.now()}`,
    visibility: "team",
    period: { kind: "relative", days: 30 },
  });
  await page.goto(`/journeys/${view.id}`);
  await page.getByRole("button", { name: m.share.create }).click();
  await expect(page.getByText(m.share.created)).toBeVisible();
  // The list as a reader finds it when coming back to the view.
  await page.reload();
  const row = page.getByTestId("share-link").first();
  await expect(row).toContainText(m.share.neverExpires);
  await expect(row).not.toContainText(m.share.expires);
});

test("[FEEL]: the new-view dialog is titled as its button, labels its toggles, and its To is inclusive", async ({
  page,
}) => {
  await page.goto("/journeys");
  await page.getByRole("button", { name: m.new, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: m.new });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(m.visibility, { exact: true })).toBeVisible();
  await expect(dialog.getByText(m.periodKind, { exact: true })).toBeVisible();
  await dialog.getByRole("radio", { name: m.fixed }).click();
  await expect(dialog.getByLabel(m.to, { exact: true })).toBeVisible();
  expect(m.to).not.toMatch(/exclu/i);

  // Saved with To = 30 June, the view covers 30 June: its end (exclusive) is 1 July.
  const name = `Inclusive ${Date.now()}`;
  await dialog.getByLabel(m.name, { exact: true }).fill(name);
  await dialog.getByLabel(m.from, { exact: true }).fill("2026-06-01");
  await dialog.getByLabel(m.to, { exact: true }).fill("2026-06-30");
  await dialog.getByRole("button", { name: m.save, exact: true }).click();
  await expect(page).toHaveURL(/\/journeys\/\d+/);
  const saved = (await apiAs("manager").views.list.query()).find((v) => v.name === name);
  expect(saved?.period).toEqual({ kind: "fixed", from: "2026-06-01", to: "2026-07-01" });
});
