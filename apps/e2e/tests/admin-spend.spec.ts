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

  await row
    .getByRole("button", { name: fill(m.table.deleteMonth, { month: "March 2019" }) })
    .click();
  await page.getByRole("dialog").getByRole("button", { name: m.remove.confirm }).click();
  await expect(page.getByRole("row", { name: /March 2019/ })).toHaveCount(0);
  expect(
    (await admin.admin.spend.list.query()).months.filter((x) => x.month === "2019-03"),
  ).toEqual([]);
});
