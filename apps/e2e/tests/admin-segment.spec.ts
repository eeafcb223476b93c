import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { BASE_URL } from "./helpers/server";

const m = areaMessages<typeof import("../../web/messages/en/admin-segment.json")>("admin-segment");

test.use({ role: "admin" });

test("[INGEST]: a Segment event with an unknown name is kept, listed for the admin, and stored once mapped", async ({
  page,
}) => {
  const { key } = await apiAs("admin").admin.apiKeys.create.mutate({ name: "Segment e2e" });
  const name = `Wishlist Shared ${Date.now()}`;
  const response = await fetch(`${BASE_URL}/api/segment/v1/track`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      event: name,
      userId: "segment-e2e-user",
      messageId: `seg-${Date.now()}`,
      timestamp: new Date().toISOString(),
      properties: { items: 3 },
      context: { library: { name: "analytics-node", version: "2.1.2" } },
    }),
  });
  expect(await response.json()).toMatchObject({ success: true, accepted: 0, unmapped: 1 });

  await page.goto("/admin/segment");
  const item = page.getByRole("listitem").filter({ hasText: name });
  await expect(item).toBeVisible();
  await item.getByRole("button", { name: m.map }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("combobox", { name: m.touchpoint }).click();
  await page.getByRole("option", { name: "Website", exact: true }).click();
  await dialog.getByLabel(m.type, { exact: true }).fill("share");
  await dialog.getByRole("button", { name: m.save }).click();
  await expect(page.getByRole("status")).toHaveText(
    m.saved.replace("{name}", name).replace("{stored}", "1"),
  );
  await expect(page.getByRole("listitem").filter({ hasText: name })).toHaveCount(0);
});
