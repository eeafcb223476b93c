import type { Page } from "@playwright/test";
import { api } from "./helpers/api";
import { kpiTexts } from "./helpers/expected";
import { apiFilter, catalogue, type TUrlFilters } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import type { TFormatters } from "./helpers/format";
import type { TMessages } from "./helpers/locale";
import { choose, kpiValue } from "./helpers/page";

async function expectedKpis(url: TUrlFilters, f: TFormatters, t: TMessages) {
  const kpis = await api.dashboard.kpis.query({ filter: await apiFilter(url) });
  return kpiTexts(kpis, f, t);
}

/** Waits until every KPI card shows these values (the previous ones stay while fetching). */
async function expectKpis(page: Page, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) {
    await expect(kpiValue(page, label), label).toHaveText(value);
  }
}

test.describe("filters", () => {
  test("[FILTERS]: a period preset and a persona change the numbers and the URL; reload restores them and Back undoes", async ({
    page,
    t,
    f,
  }) => {
    const persona = (await catalogue()).personas[0];
    if (!persona) throw new Error("the demo data has no persona");
    const [last30, last90, last90Persona] = await Promise.all([
      expectedKpis({ period: "30d" }, f, t),
      expectedKpis({ period: "90d" }, f, t),
      expectedKpis({ period: "90d", persona: [persona.key] }, f, t),
    ]);
    // Each step must show different numbers, or the test could not tell them apart.
    expect(last90).not.toEqual(last30);
    expect(last90Persona).not.toEqual(last90);

    await page.goto("/");
    await expectKpis(page, last30);

    await choose(page, t.filters.period, t.filters.presets["90d"]);
    await expect(page).toHaveURL(/[?&]period=90d(&|$)/);
    await expectKpis(page, last90);

    await page.getByRole("button", { name: `${t.filters.personas}: ${t.filters.all}` }).click();
    await page.getByRole("checkbox", { name: persona.name, exact: true }).check();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(new RegExp(`[?&]persona=${persona.key}(&|$)`));
    await expect(page).toHaveURL(/[?&]period=90d(&|$)/);
    await expect(
      page.getByRole("button", { name: `${t.filters.personas}: ${persona.name}` }),
    ).toBeVisible();
    await expectKpis(page, last90Persona);

    await page.reload();
    await expect(page).toHaveURL(new RegExp(`[?&]persona=${persona.key}(&|$)`));
    await expectKpis(page, last90Persona);

    await page.goBack();
    await expect(page).not.toHaveURL(/[?&]persona=/);
    await expect(page).toHaveURL(/[?&]period=90d(&|$)/);
    await expectKpis(page, last90);
  });
});
