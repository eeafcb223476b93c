import { apiAs, codeOf } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

// Issue 17 item 4: a share link shows the customers' own comments only when its sharer ticks
// "Include the customers' comments", and then without who wrote them.

const m = areaMessages<typeof import("../../web/messages/en/journeys.json")>("journeys");
const metrics = areaMessages<typeof import("../../web/messages/en/metrics.json")>("metrics");

test.use({ role: "manager" });

test("[SHARE-COMMENTS]: a share link shows the customers' comments only when the sharer opts in, without customer ids", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const manager = apiAs("manager");
  const view = await manager.views.create.mutate({
    name: `Shared words ${Date.now()}`,
    visibility: "team",
    period: { kind: "relative", days: 180 },
  });
  const counts = await manager.views.commentCounts.query({ id: view.id });
  const busiest = [...counts].sort((a, b) => b.comments - a.comments)[0];
  if (!busiest) throw new Error("the demo has no comments");
  const cell = await manager.views.cellComments.query({
    id: view.id,
    stage: busiest.stage,
    touchpoint: busiest.touchpoint,
  });
  const lowest = cell.comments[0];
  if (!lowest) throw new Error("no comment listed");
  const commentButton = `comments-${busiest.touchpoint}-${busiest.stage}`;

  await page.goto(`/journeys/${view.id}`);
  const optIn = page.getByRole("checkbox", { name: metrics.shareComments.customers });
  // Off unless ticked: a link made as it stands shows no customer's words.
  await expect(optIn).not.toBeChecked();
  await page.getByRole("button", { name: m.share.create }).click();
  const plainUrl = (await page.getByTestId("share-url").textContent()) ?? "";
  expect(plainUrl).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);

  await optIn.check();
  await page.getByRole("button", { name: m.share.create }).click();
  await expect(page.getByTestId("share-url")).not.toHaveText(plainUrl);
  const url = (await page.getByTestId("share-url").textContent()) ?? "";
  // The list says which link includes them.
  await expect(page.getByTestId("share-link").first()).toContainText(
    metrics.shareComments.customersLink,
  );
  await expect(page.getByTestId("share-link").nth(1)).not.toContainText(
    metrics.shareComments.customersLink,
  );

  const stranger = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: "en-GB",
  });
  const shared = await stranger.newPage();

  // Without the opt-in: the map, and no comment anywhere; the API refuses them.
  await shared.goto(plainUrl);
  await expect(shared.getByText(m.shared.readOnly)).toBeVisible();
  await expect(shared.getByRole("heading", { name: m.map.painPoints })).toBeVisible();
  await expect(shared.locator('[data-testid^="comments-"]')).toHaveCount(0);
  await expect(shared.getByTestId("shared-comments")).toHaveCount(0);
  const anonymous = apiAs(null);
  const plainToken = plainUrl.split("/").pop() ?? "";
  expect(await codeOf(anonymous.shared.commentCounts.query({ token: plainToken }))).toBe(
    "FORBIDDEN",
  );

  // With it: the counts and the dialog, lowest-rated first, and no way to a customer.
  await shared.goto(url);
  await expect(shared.getByTestId("shared-comments")).toHaveText(m.shared.customerComments);
  const button = shared.getByTestId(commentButton).first();
  await expect(button).toContainText(String(busiest.comments));
  await button.click();
  const dialog = shared.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("comment-list").getByRole("listitem").first()).toContainText(
    lowest.text,
  );
  await expect(dialog.locator('a[href^="/customers/"]')).toHaveCount(0);
  await expect(dialog).not.toContainText(lowest.customer);
  await shared.screenshot({ path: "test-results/share-comments-dialog.png" });
  await shared.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await stranger.close();
});
