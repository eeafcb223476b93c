import { api } from "./helpers/api";
import { apiFilter, catalogue } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { chart, tableRows } from "./helpers/page";

type TPathsMessages = typeof import("../../web/messages/en/paths.json");
const tp = areaMessages<TPathsMessages>("paths");
const WINDOW_SECONDS = 30 * 24 * 60 * 60;

test.describe("paths page", () => {
  test("[PATHS]: the Sankey and the table of paths show what the API returns; the level switch updates both and the URL", async ({
    page,
    t,
    f,
  }, testInfo) => {
    const cat = await catalogue();
    const first = cat.stages[0];
    if (!first) throw new Error("the demo catalogue has no stage");
    const filter = await apiFilter({ period: "30d" });
    const start = { kind: "stage" as const, key: first.key };
    const expected = await api.paths.observed.query({
      filter,
      start,
      level: "stage",
      steps: 3,
      windowSeconds: WINDOW_SECONDS,
    });
    expect(expected.entrants).toBeGreaterThan(0);
    const names = new Map(expected.stepNames.map((s) => [s.key, s.name]));
    const pathText = (steps: string[], nameOf: Map<string, string>) =>
      `${first.name} → ${steps.length === 0 ? tp.noFurtherStep : steps.map((k) => nameOf.get(k) ?? k).join(" → ")}`;

    await page.goto("/paths");
    await expect(page.getByRole("heading", { level: 1, name: tp.title })).toBeVisible();
    await expect(page.getByRole("link", { name: t.nav.paths, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );

    // The chart: its accessible summary names every flow with its customers.
    const sankey = chart(page, tp.chartTitle);
    const firstLink = expected.links[0];
    if (!firstLink?.target) throw new Error("no flow from the start");
    await expect(
      sankey.getByRole("img", {
        name: new RegExp(
          `^${tp.chartTitle}\\. ${first.name} → ${names.get(firstLink.target)}: ${f.integer(firstLink.customers)};`,
        ),
      }),
    ).toBeVisible();
    // recharts drew one path per flow.
    await expect(sankey.locator("svg .recharts-sankey-link")).toHaveCount(expected.links.length);

    // The table beside it: the listed paths, most customers first, as the API counts them.
    const table = chart(page, tp.tableTitle).getByRole("table");
    await expect(table).toBeVisible();
    const rows = await tableRows(table);
    expect(rows.slice(0, expected.paths.length)).toEqual(
      expected.paths.map((p) => [
        pathText(p.steps, names),
        f.integer(p.customers),
        p.share === null ? "—" : f.percent(p.share),
        p.conversion === null ? "—" : f.percent(p.conversion),
      ]),
    );

    await page.screenshot({ path: testInfo.outputPath("paths-1440.png"), fullPage: true });

    // Touchpoint level: the URL says so, and the table follows the API's touchpoint paths.
    await page.getByRole("radio", { name: tp.levels.touchpoint, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("level")).toBe("touchpoint");
    const byTouchpoint = await api.paths.observed.query({
      filter,
      start,
      level: "touchpoint",
      steps: 3,
      windowSeconds: WINDOW_SECONDS,
    });
    const tpNames = new Map(byTouchpoint.stepNames.map((s) => [s.key, s.name]));
    const top = byTouchpoint.paths[0];
    if (!top) throw new Error("no touchpoint path");
    await expect(table.locator("tbody tr").first().locator("th, td").first()).toHaveText(
      pathText(top.steps, tpNames),
    );
  });
});
