import { api } from "./helpers/api";
import { readCsvDownload } from "./helpers/csv";
import { apiFilter, catalogue } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { csvPercent } from "./helpers/format";
import { areaMessages } from "./helpers/locale";
import { chart, choose, tableRows } from "./helpers/page";

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

  test("[PATHS-COMPARE]: the top two paths side by side as the API compares them; two personas by keyboard, kept in the URL, reloaded and downloaded as CSV", async ({
    page,
    f,
  }, testInfo) => {
    // Three loads of /paths, each waiting for the Sankey's paths before the comparison.
    test.setTimeout(180_000);
    const cat = await catalogue();
    const first = cat.stages[0];
    const [young, second] = cat.personas;
    if (!first || !young || !second)
      throw new Error("the demo catalogue lacks a stage or personas");
    const filter = await apiFilter({ period: "30d" });
    const base = {
      filter,
      start: { kind: "stage" as const, key: first.key },
      level: "stage" as const,
      steps: 3,
      windowSeconds: WINDOW_SECONDS,
    };
    const observed = await api.paths.observed.query(base);
    const [p0, p1] = observed.paths;
    if (!p0 || !p1) throw new Error("fewer than two paths in the demo");
    const byPaths = await api.paths.compare.query({
      ...base,
      groups: [
        { kind: "path", steps: p0.steps },
        { kind: "path", steps: p1.steps },
      ],
    });
    const tc = tp.compare;
    const percent = (v: number | null) => (v === null ? "—" : f.percent(v));
    const conversionLabel = tc.rows.conversion
      .replace("{stage}", observed.conversionStage.name)
      .replace("{days}", "30");

    await page.goto("/paths");
    const panel = chart(page, tc.title);
    const table = panel.getByTestId("paths-compare-table");
    // It waits for the Sankey's paths (its choices) before asking for the comparison.
    await expect(table).toBeVisible({ timeout: 60_000 });
    const rowsOf = async () => (await tableRows(table)).map((r) => r.slice(0, 3));
    await expect.poll(rowsOf).toEqual(
      expect.arrayContaining([
        [
          tc.rows.customers,
          f.integer(byPaths.groups[0].customers),
          f.integer(byPaths.groups[1].customers),
        ],
        [tc.rows.share, percent(byPaths.groups[0].share), percent(byPaths.groups[1].share)],
        [
          conversionLabel,
          percent(byPaths.groups[0].conversion),
          percent(byPaths.groups[1].conversion),
        ],
      ]),
    );
    await page.screenshot({ path: testInfo.outputPath("paths-compare-1440.png"), fullPage: true });

    // Two personas, by keyboard: arrows move along the mode switch, Space picks.
    await panel.getByRole("radio", { name: tc.modes.paths, exact: true }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(panel.getByRole("radio", { name: tc.modes.personas, exact: true })).toBeFocused();
    await page.keyboard.press("Space");
    await expect.poll(() => new URL(page.url()).searchParams.get("compare")).toBe("personas");
    await expect(panel.getByRole("combobox", { name: tc.personaA, exact: true })).toHaveText(
      young.name,
    );
    await choose(page, tc.personaB, tc.unassigned);
    await expect.poll(() => new URL(page.url()).searchParams.get("b")).toBe("persona:unassigned");
    const byPersonas = await api.paths.compare.query({
      ...base,
      groups: [
        { kind: "persona", persona: young.key },
        { kind: "persona", persona: "unassigned" },
      ],
    });
    const customersRow = [
      tc.rows.customers,
      f.integer(byPersonas.groups[0].customers),
      f.integer(byPersonas.groups[1].customers),
    ];
    await expect.poll(rowsOf, { timeout: 30_000 }).toContainEqual(customersRow);

    // The link is the state: reloaded, the same comparison.
    await page.goto(page.url());
    await expect(panel.getByRole("radio", { name: tc.modes.personas, exact: true })).toBeChecked();
    await expect.poll(rowsOf, { timeout: 30_000 }).toContainEqual(customersRow);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      panel.getByRole("button", { name: tc.downloadCsv, exact: true }).click(),
    ]);
    const csv = await readCsvDownload(download);
    expect(csv.header.slice(0, 4)).toEqual([
      tc.csv.side,
      tc.csv.group,
      tc.csv.customers,
      `${tc.csv.share} (%)`,
    ]);
    expect(csv.rows.map((r) => r.slice(0, 4))).toEqual([
      [
        "A",
        young.name,
        String(byPersonas.groups[0].customers),
        csvPercent(byPersonas.groups[0].share),
      ],
      [
        "B",
        tc.unassigned,
        String(byPersonas.groups[1].customers),
        csvPercent(byPersonas.groups[1].share),
      ],
      [
        tc.difference,
        "",
        String(byPersonas.difference.customers),
        csvPercent(byPersonas.difference.share),
      ],
    ]);
  });
});
