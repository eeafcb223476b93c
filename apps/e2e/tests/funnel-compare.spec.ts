import { comparePresetPeriod } from "@parcours/validators";
import { formats } from "@parcours/validators/formats";
import { api } from "./helpers/api";
import { readCsvDownload } from "./helpers/csv";
import { apiFilter, catalogue, stageSteps } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { choose } from "./helpers/page";

// Issue 19 item 4: compare two periods, or two segments, on the funnels page.

type TCompareMessages = typeof import("../../web/messages/en/funnel-compare.json");
const tc = areaMessages<TCompareMessages>("funnel-compare");
const WINDOW = 30 * 86_400;
const change = new Intl.NumberFormat("en", formats.number.integerChange);
const points = new Intl.NumberFormat("en", formats.number.points);

test("[FUNNEL-COMPARE]: the previous period and a persona beside the funnel, as funnels.compare counts them; kept in the URL; the CSV", async ({
  page,
  t,
  f,
}, testInfo) => {
  test.setTimeout(180_000);
  const filter = await apiFilter({ period: "90d" });
  const steps = await stageSteps();
  const previous = await api.funnels.compare.query({
    filter,
    steps,
    windowSeconds: WINDOW,
    b: { kind: "period", ...comparePresetPeriod(filter.from, filter.to, "previous") },
  });
  expect(previous.steps[0]?.a.customers).toBeGreaterThan(0);

  await page.goto("/funnels?period=90d&cmp=period&cmpPeriod=previous");
  const table = page.getByTestId("funnel-compare-table");
  const shown = () =>
    table
      .getByTestId("funnel-compare-row")
      .evaluateAll((rows) =>
        rows.map((row) =>
          Array.from(row.querySelectorAll("td"), (cell) => (cell.textContent ?? "").trim()).slice(
            0,
            3,
          ),
        ),
      );
  const expected = (c: typeof previous) =>
    c.steps.map((s) => [
      f.integer(s.a.customers),
      f.integer(s.b.customers),
      change.format(s.difference.customers),
    ]);
  await expect.poll(shown, { timeout: 45_000 }).toEqual(expected(previous));
  const overall = previous.steps[1]?.difference.conversionOverall.value ?? null;
  await expect(page.getByTestId("funnel-compare-row").nth(1).locator("td").nth(5)).toContainText(
    overall === null ? "—" : `${points.format(overall * 100)} pts`,
  );
  await page.screenshot({ path: testInfo.outputPath("funnel-compare-1440.png"), fullPage: true });

  // Another segment, chosen by keyboard and from the list: the URL keeps it.
  const persona = (await catalogue()).personas[0];
  if (!persona) throw new Error("no persona in the demo catalogue");
  const segment = page.getByRole("radio", { name: tc.modes.segment, exact: true });
  await segment.focus();
  await page.keyboard.press("Space");
  await expect.poll(() => new URL(page.url()).searchParams.get("cmp")).toBe("segment");
  await choose(page, tc.persona, persona.name);
  await expect.poll(() => new URL(page.url()).searchParams.get("cmpPersona")).toBe(persona.key);
  const young = await api.funnels.compare.query({
    filter,
    steps,
    windowSeconds: WINDOW,
    b: { kind: "segment", personas: [persona.key] },
  });
  await expect.poll(shown).toEqual(expected(young));
  await page.reload();
  await expect.poll(shown, { timeout: 45_000 }).toEqual(expected(young));

  const card = page.getByRole("region", { name: tc.title, exact: true });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    card.getByRole("button", { name: t.chart.downloadCsv, exact: true }).click(),
  ]);
  const csv = await readCsvDownload(download);
  expect(csv.header).toContain(tc.columns.overallDiff);
  expect(csv.rows).toHaveLength(steps.length);
});

test.describe("in French at 768 px", () => {
  test.use({ appLocale: "fr", viewport: { width: 768, height: 1000 } });
  test("[FUNNEL-COMPARE]: the panel reads in French and the page is no wider than the screen", async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await page.goto("/funnels?period=90d&cmp=period&cmpPeriod=last-year");
    await expect(page.getByText("Depuis le premier palier").first()).toBeVisible({
      timeout: 45_000,
    });
    await expect(page.getByRole("radio", { name: "Même période l’an dernier" })).toBeChecked();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      768,
    );
    await page.screenshot({
      path: testInfo.outputPath("funnel-compare-768-fr.png"),
      fullPage: true,
    });
  });
});
