import { readFileSync } from "node:fs";
import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

// Issue 20, item 12: the PDF export was 53 MB for 4 A4 pages (the same uncompressed picture
// on every page). It keeps the map's figures as text tables and the picture as one JPEG slice
// per page, within 3 MB.

const m = areaMessages<typeof import("../../web/messages/en/journeys.json")>("journeys");
const MAX_BYTES = 3 * 1024 * 1024;

test.use({ role: "manager" });

for (const format of ["a4", "a3"] as const) {
  test(`[JOURNEYS]: the ${format.toUpperCase()} PDF is under 3 MB, with its figures as text and each page's own slice of the picture`, async ({
    page,
  }) => {
    const name = `PDF size ${format} ${Date.now()}`;
    const manager = apiAs("manager");
    const view = await manager.views.create.mutate({
      name,
      visibility: "team",
      period: { kind: "relative", days: 180 },
    });
    const journey = await manager.views.journey.query({ id: view.id });
    await page.goto(`/journeys/${view.id}`);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    const download = page.waitForEvent("download");
    await page
      .getByRole("button", { name: format === "a4" ? m.export.pdfA4 : m.export.pdfA3 })
      .click();
    const bytes = readFileSync((await (await download).path()) ?? "");
    console.log(`${format} PDF: ${bytes.length} bytes`);
    expect(bytes.length).toBeLessThanOrEqual(MAX_BYTES);

    const text = bytes.toString("latin1");
    // Text operators, not pixels: every stage and touchpoint is written as text.
    // (Short names only: a long one may wrap onto two lines of its cell.)
    for (const stage of journey.map.stages) expect(text).toContain(stage.name);
    const touchpoints = journey.map.rows.filter((row) => row.name.length <= 16);
    expect(touchpoints.length).toBeGreaterThan(3);
    for (const row of touchpoints) expect(text).toContain(`(${row.name})`);
    // The picture: JPEG slices, one per page it covers, none repeated.
    const images = text.match(/\/Subtype \/Image/g)?.length ?? 0;
    const pages = text.match(/\/Type \/Page\b/g)?.length ?? 0;
    expect(images).toBeGreaterThan(0);
    expect(images).toBeLessThan(pages);
    expect(text.match(/\/Filter \/DCTDecode/g)?.length ?? 0).toBe(images);
  });
}
