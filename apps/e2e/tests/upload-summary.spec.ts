import { readFileSync } from "node:fs";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

// Issue 20, item 9: an upload with rejected rows does not read as a success, comes into view,
// and names each rejected row's event_id and the value at fault; a negative purchase is one.

test.use({ role: "admin" });

const m =
  areaMessages<typeof import("../../web/messages/en/admin-ingestion.json")>(
    "admin-ingestion",
  ).upload;

function file(stamp: number): string {
  const row = (n: number, rest: string) => `up9-${stamp}-${n},c-${stamp},${rest}`;
  return [
    "event_id,customer_id,occurred_at,touchpoint,type,satisfaction,revenue",
    row(1, "2026-06-01T10:00:00Z,website,view,4,"),
    row(2, "2026-06-01T10:05:00Z,web_checkout,purchase,,-20.00"),
    row(3, "2026-06-01T10:10:00Z,website,view,9,"),
    row(4, "yesterday,website,view,,"),
    row(5, "2026-06-01T10:20:00Z,nowhere,view,,"),
    row(6, "2026-06-01T10:25:00Z,website,view,,abc"),
    row(7, "2026-06-01T10:30:00Z,website,view,0,"),
    row(8, "2026-06-01T10:35:00Z,website,Bad Type,,"),
    row(9, "2026-06-01T10:40:00Z,website,view,,1.234"),
    row(10, "2026-06-01T10:45:00Z,website,view,3,"),
    row(11, "2026-06-01T10:50:00Z,website,view,,"),
    row(12, "2026-06-01T10:55:00Z,website,view,6,"),
    row(13, "2026-06-01T11:00:00Z,web_checkout,return,,-20.00"),
  ].join("\n");
}

test("[INGEST]: 9 of 13 rows rejected reads as a warning, in view, with each row's event_id and value", async ({
  page,
}) => {
  const stamp = Date.now();
  await page.setViewportSize({ width: 1440, height: 700 });
  await page.goto("/admin/ingestion");
  await page.getByLabel(m.file, { exact: true }).setInputFiles({
    name: "mixed.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(file(stamp)),
  });
  await page.getByRole("button", { name: m.start }).click();
  const summary = page.getByTestId("upload-summary");
  await expect(summary).toContainText("9 of 13 rows rejected.");
  await expect(summary).not.toHaveClass(/text-positive/);
  await expect(summary).toBeInViewport();

  const refund = page.getByRole("row", { name: /revenue is negative on a purchase/ });
  await expect(refund.getByRole("cell")).toHaveText([
    "3",
    `up9-${stamp}-2`,
    "“-20.00”",
    "revenue is negative on a purchase: send a refund as its own event of type return, with negative revenue",
  ]);
  const rating = page.getByRole("row", { name: /satisfaction must be/ }).first();
  await expect(rating.getByRole("cell").nth(1)).toHaveText(`up9-${stamp}-3`);
  await expect(rating.getByRole("cell").nth(2)).toHaveText("“9”");
  if (process.env.UX_SHOTS) {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.screenshot({
      path: `${process.env.UX_SHOTS}/upload-summary-1440.png`,
      fullPage: true,
    });
    await page.setViewportSize({ width: 768, height: 1000 });
    await page.screenshot({
      path: `${process.env.UX_SHOTS}/upload-summary-768.png`,
      fullPage: true,
    });
  }
});

test.describe("in French", () => {
  test.use({ appLocale: "fr" });
  test("[INGEST]: the rejected share is said in French", async ({ page }) => {
    const fr = (
      JSON.parse(
        readFileSync(
          new URL("../../web/messages/fr/admin-ingestion.json", import.meta.url),
          "utf8",
        ),
      ) as { upload: typeof m }
    ).upload;
    const stamp = Date.now();
    await page.goto("/admin/ingestion");
    await page.locator("#upload-file").setInputFiles({
      name: "mixed.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(file(stamp)),
    });
    await page.getByRole("button", { name: fr.start, exact: true }).click();
    await expect(page.getByTestId("upload-summary")).toContainText("9 lignes rejetées sur 13.");
  });
});
