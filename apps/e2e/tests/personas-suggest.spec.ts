import { apiAs } from "./helpers/api";
import { readCsvDownload } from "./helpers/csv";
import { apiFilter } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { choose } from "./helpers/page";

const m =
  areaMessages<typeof import("../../web/messages/en/persona-suggestions.json")>(
    "persona-suggestions",
  );
const admin =
  areaMessages<typeof import("../../web/messages/en/admin-personas.json")>("admin-personas");
const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
const ofCondition = (label: string, n: number) =>
  `${label} (${fill(admin.condition, { n: String(n) })})`;

test.use({ role: "admin" });

test("[PERSONAS] an admin suggests personas from the data, opens one, turns it into a persona: the editor shows its rules and their preview", async ({
  page,
  f,
}) => {
  // The page's default period (30 days) and k = 3: the API's answer is what the page shows.
  const filter = await apiFilter({ period: "30d" });
  const expected = await apiAs("manager").personas.suggest.query({ filter, k: 3 });
  expect(expected.suggestions).toHaveLength(3);
  const described = expected.suggestions.find((s) => s.rules.conditions.length > 0);
  if (!described) throw new Error("no suggestion has rules on the demo data");

  await page.goto("/personas");
  await page.getByRole("link", { name: m.open }).click();
  await expect(page.getByRole("heading", { name: m.title, level: 1 })).toBeVisible();
  await expect(page.getByText(m.idle)).toBeVisible();
  await choose(page, m.k, "3");
  await page.getByTestId("suggest-run").click();

  for (const s of expected.suggestions) {
    const card = page.getByTestId(`suggestion-${s.index}`);
    await expect(card).toContainText(fill(m.suggestion, { index: String(s.index) }));
    await expect(card).toContainText(f.integer(s.customers));
  }
  // The CSV holds every suggestion: a row per profile feature and per stage, with its size.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("suggest-csv").click(),
  ]);
  const csv = await readCsvDownload(download);
  expect(csv.filename).toMatch(/^parcours-persona-suggestions-k3-/);
  expect(csv.rows.map((row) => [Number(row[0]), Number(row[1])])).toEqual(
    expected.suggestions.flatMap((s) =>
      Array.from({ length: s.profile.length + s.funnel.length }, () => [s.index, s.customers]),
    ),
  );
  const card = page.getByTestId(`suggestion-${described.index}`);
  const rules = card.getByTestId(`suggestion-${described.index}-rules`).getByRole("listitem");
  await expect(rules).toHaveCount(described.rules.conditions.length);
  const [first] = described.rules.conditions;
  if (!first) throw new Error("no condition");
  await expect(rules.first()).toContainText(first.attribute);
  await expect(rules.first()).toContainText(admin.operators[first.operator]);

  // Opening it shows its profile against everyone, its funnel and emotion per stage.
  await card.getByRole("button", { name: m.details }).click();
  await expect(card.getByRole("table")).toHaveCount(2);
  await expect(card.getByRole("table").first()).toContainText(m.everyone);

  await card.getByRole("link", { name: m.create }).click();
  await expect(page).toHaveURL(/\/admin\/personas\/new\?/);
  await expect(page.getByRole("heading", { name: admin.createTitle })).toBeVisible();
  for (const [i, c] of described.rules.conditions.entries()) {
    await expect(page.getByLabel(ofCondition(admin.attribute, i + 1))).toHaveValue(c.attribute);
    if (c.value !== undefined) {
      await expect(page.getByLabel(ofCondition(admin.value, i + 1))).toHaveValue(String(c.value));
    }
  }
  const preview = await apiAs("admin").admin.personas.preview.query({
    name: "Suggested",
    priority: 100,
    rules: described.rules,
  });
  await expect(page.getByTestId("persona-preview")).toContainText(
    `${f.integer(preview.matching)} customers match`,
  );
});

test("[PERSONAS] the personas page ranks personas by customers, revenue and customers lost at their pain points, as the API counts them", async ({
  page,
}) => {
  const filter = await apiFilter({ period: "30d" });
  const manager = apiAs("manager");
  const breakdown = await manager.dashboard.personas.query({ filter });
  const personas = breakdown.personas.filter((p) => p.persona !== "unassigned");
  const friction = new Map<string, number>();
  for (const p of personas) {
    const map = await manager.dashboard.journeyMap.query({
      filter: { ...filter, personas: [p.persona] },
    });
    friction.set(
      p.persona,
      map.painPoints.reduce((n, pp) => n + (pp.customersLost ?? 0), 0),
    );
  }
  const order = (value: (p: (typeof personas)[number]) => number) =>
    [...personas]
      .sort((a, b) => value(b) - value(a) || ((a.name ?? "") < (b.name ?? "") ? -1 : 1))
      .map((p) => p.name);
  const names = () => page.getByTestId("persona-priority").locator("tbody th").allInnerTexts();

  await page.goto("/personas");
  await expect(page.getByTestId("persona-priority")).toBeVisible();
  await expect.poll(names).toEqual(order((p) => p.activeCustomers));
  await page.getByTestId("priority-sort-revenue").click();
  await expect.poll(names).toEqual(order((p) => p.revenue));
  await page.getByTestId("priority-sort-friction").click();
  await expect.poll(names).toEqual(order((p) => friction.get(p.persona) ?? 0));
  await expect(
    page.getByRole("columnheader", { name: m.priority.columns.friction }),
  ).toHaveAttribute("aria-sort", "descending");
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });
  test("[PERSONAS] a viewer gets no suggestions: no link on /personas, 403 on the page", async ({
    page,
  }) => {
    await page.goto("/personas");
    await expect(page.getByRole("link", { name: m.open })).toHaveCount(0);
    const response = await page.goto("/personas/suggestions");
    expect(response?.status()).toBe(403);
  });
});
