import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { BASE_URL } from "./helpers/server";

test.use({ role: "admin" });

const messages =
  areaMessages<typeof import("../../web/messages/en/admin-ingestion.json")>("admin-ingestion");

function send(key: string, events: unknown[]) {
  return fetch(`${BASE_URL}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
}

test("[INGEST]: an admin creates a key, a sender uses it, and once revoked it is refused", async ({
  page,
}) => {
  const m = messages.keys;
  await page.goto("/admin/ingestion");
  await page.getByRole("button", { name: m.create }).click();
  await page.getByLabel(m.nameLabel, { exact: true }).fill("E2E sender");
  await page.getByRole("button", { name: m.save }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^pk_/);
  await page.getByRole("button", { name: m.close }).first().click();

  const stamp = Date.now();
  const event = {
    eventId: `e2e-${stamp}`,
    customerId: `e2e-customer-${stamp}`,
    occurredAt: new Date().toISOString(),
    touchpoint: "website",
    type: "view",
  };
  const first = await send(key, [
    event,
    { ...event, eventId: `e2e-bad-${stamp}`, satisfaction: 9 },
  ]);
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({
    accepted: 1,
    duplicates: 0,
    rejected: [{ index: 1, errors: ["satisfaction must be a whole number from 1 to 5"] }],
  });
  // A retry stores nothing twice.
  expect(await (await send(key, [event])).json()).toMatchObject({ accepted: 0, duplicates: 1 });

  await page.reload();
  const row = page.getByRole("row", { name: /E2E sender/ }).first();
  await expect(row.getByText(m.never)).toHaveCount(0);
  await row.getByRole("button", { name: m.revoke }).click();
  await page.getByRole("dialog").getByRole("button", { name: m.revoke }).click();
  await expect(row.getByText(m.revoked)).toBeVisible();
  const refused = await send(key, [event]);
  expect(refused.status).toBe(401);
  expect(await refused.json()).toEqual({
    error: { code: "unauthorized", message: "this API key is not valid or has been revoked" },
  });
});

test("[INGEST]: uploading a CSV shows progress, then what was stored and each rejected row", async ({
  page,
}) => {
  const m = messages.upload;
  const stamp = Date.now();
  const csv = [
    "event_id,customer_id,occurred_at,touchpoint,type,satisfaction",
    `up-${stamp}-1,up-c-${stamp},2026-06-01T10:00:00Z,website,view,4`,
    `up-${stamp}-2,up-c-${stamp},2026-06-01T11:00:00Z,nowhere,view,`,
    `up-${stamp}-3,up-c-${stamp},2026-06-02T11:00:00Z,website,view,`,
  ].join("\n");
  await page.goto("/admin/ingestion");
  await page.getByLabel(m.file, { exact: true }).setInputFiles({
    name: "events.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await page.getByRole("button", { name: m.start }).click();
  await expect(page.getByRole("status")).toHaveText(
    /^1 of 3 rows rejected\. events\.csv: 2 stored, 0 already there, 1 rejected, in [\d.]+ s\.$/,
  );
  const rejected = page.getByRole("row", { name: /touchpoint "nowhere" is not in the catalogue/ });
  await expect(rejected.getByRole("cell").first()).toHaveText("3");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: m.download }).click();
  expect((await download).suggestedFilename()).toBe("events-rejected.csv");
});
