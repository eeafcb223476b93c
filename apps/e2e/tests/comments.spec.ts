import { apiAs, codeOf } from "./helpers/api";
import { addSession } from "./helpers/auth";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

// Issue 17 item 4: the customers' own words on the journey map, for managers and admins only,
// and an admin erasing one customer's comments in one action.

const journeys = areaMessages<typeof import("../../web/messages/en/journeys.json")>("journeys");
const customers = areaMessages<typeof import("../../web/messages/en/customers.json")>("customers");

test.use({ role: "manager" });

test("[COMMENTS]: a manager reads a cell's comments lowest-rated first; a viewer never gets them; an admin erases a customer's", async ({
  page,
  browser,
}) => {
  // Three people in three browsers, one after the other: longer than one page's test.
  test.setTimeout(180_000);
  const manager = apiAs("manager");
  const view = await manager.views.create.mutate({
    name: `Comments ${Date.now()}`,
    visibility: "team",
    period: { kind: "relative", days: 180 },
  });
  const counts = await manager.views.commentCounts.query({ id: view.id });
  // The demo's customers write most about the app checkout and late parcels.
  const busiest = [...counts].sort((a, b) => b.comments - a.comments)[0];
  if (!busiest) throw new Error("the demo has no comments");
  const cell = await manager.views.cellComments.query({
    id: view.id,
    stage: busiest.stage,
    touchpoint: busiest.touchpoint,
  });
  const first = cell.comments[0];
  if (!first) throw new Error("no comment listed");

  await page.goto(`/journeys/${view.id}`);
  const button = page.getByTestId(`comments-${busiest.touchpoint}-${busiest.stage}`).first();
  await expect(button).toContainText(String(busiest.comments));
  await button.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  const listed = dialog.getByTestId("comment-list").getByRole("listitem");
  await expect(listed.first()).toContainText(first.text);
  await expect(listed).toHaveCount(Math.min(20, cell.total));
  if (cell.terms.length > 0) {
    await expect(dialog.getByTestId("comment-terms")).toContainText(cell.terms[0]?.term ?? "");
  }
  await page.screenshot({ path: "test-results/comments-dialog.png" });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // A viewer sees the same map without a single comment, and the API refuses them.
  expect(await codeOf(apiAs("viewer").views.commentCounts.query({ id: view.id }))).toBe(
    "FORBIDDEN",
  );
  const viewerContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await addSession(viewerContext, "viewer");
  const viewerPage = await viewerContext.newPage();
  await viewerPage.goto(`/journeys/${view.id}`);
  await expect(viewerPage.getByRole("heading", { level: 1, name: view.name })).toBeVisible();
  await expect(viewerPage.getByRole("heading", { name: journeys.map.painPoints })).toBeVisible();
  await expect(viewerPage.locator('[data-testid^="comments-"]')).toHaveCount(0);
  await viewerContext.close();

  // An admin erases the customer behind the lowest-rated comment from Admin › Users.
  const adminContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await addSession(adminContext, "admin");
  const admin = await adminContext.newPage();
  await admin.goto("/admin/users");
  await admin.getByLabel(customers.erase.label, { exact: true }).fill(first.customer);
  await admin.getByRole("button", { name: customers.erase.submit }).click();
  await admin.getByRole("button", { name: customers.erase.confirm }).click();
  await expect(admin.getByTestId("erased")).toContainText(/Customer #\d+ erased/);
  await adminContext.close();

  const after = await manager.views.cellComments.query({
    id: view.id,
    stage: busiest.stage,
    touchpoint: busiest.touchpoint,
  });
  expect(after.comments.some((c) => c.eventId === first.eventId)).toBe(false);
  expect(after.total).toBeLessThan(cell.total);
});
