import { apiAs } from "./helpers/api";
import { personaRows } from "./helpers/expected";
import { apiFilter } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { chart, choose, showTable, tableRows } from "./helpers/page";

const m =
  areaMessages<typeof import("../../web/messages/en/admin-personas.json")>("admin-personas");

/** A message without plurals, its `{name}` placeholders filled. */
const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
/** The rule builder labels each control with its condition's number. */
const ofCondition = (label: string, n: number) =>
  `${label} (${fill(m.condition, { n: String(n) })})`;

test.use({ role: "admin" });

test("[ADMIN]: an admin creates a persona with rules, sees the preview count, saves, the overview's persona breakdown changes, the audit log shows it", async ({
  page,
  t,
  f,
}) => {
  const admin = apiAs("admin");
  const name = `Coupon fans ${Date.now()}`;
  const rules = {
    match: "all" as const,
    conditions: [
      { attribute: "coupon_user", operator: "eq" as const, value: true },
      { attribute: "age", operator: "gte" as const, value: 30 },
    ],
  };
  const expected = await admin.admin.personas.preview.query({ name, priority: 0, rules });
  expect(expected.wouldBeAssigned).toBeGreaterThan(1);
  const filter = await apiFilter({ period: "30d" });
  const before = await apiAs("manager").dashboard.personas.query({ filter });

  await page.goto("/admin/personas");
  await page.getByRole("link", { name: m.new }).click();
  await expect(page.getByRole("heading", { name: m.createTitle })).toBeVisible();
  await page.getByLabel(m.name, { exact: true }).fill(name);
  await page.getByLabel(m.priority, { exact: true }).fill("0");
  await page.getByLabel(m.goals, { exact: true }).fill("Save money\nFind the right deal");
  await page.getByLabel(ofCondition(m.attribute, 1)).fill("coupon_user");
  await page.getByLabel(ofCondition(m.value, 1)).fill("true");
  // A second condition, added from the keyboard: the focus moves to its attribute.
  await page.getByRole("button", { name: m.addCondition }).press("Enter");
  await expect(page.getByLabel(ofCondition(m.attribute, 2))).toBeFocused();
  await page.keyboard.type("age");
  await choose(page, ofCondition(m.operator, 2), m.operators.gte);
  await page.getByLabel(ofCondition(m.value, 2)).fill("30");

  // Before saving, the preview states what the API counts for the same rules.
  await expect(page.getByTestId("persona-preview")).toHaveText(
    `${f.integer(expected.matching)} customers match · ${f.integer(expected.wouldBeAssigned)} would be assigned`,
  );
  await page.getByRole("button", { name: m.save }).click();
  await expect(page).toHaveURL(/\/admin\/personas$/);
  await expect(page.getByTestId("personas-status")).toContainText(`“${name}” saved`);
  const saved = (await admin.admin.personas.list.query()).find((p) => p.name === name);
  if (!saved) throw new Error("the persona was not saved");
  expect(saved).toMatchObject({ priority: 0, rules, goals: ["Save money", "Find the right deal"] });
  expect(saved.customers).toBe(expected.wouldBeAssigned);
  await expect(page.getByTestId(`persona-row-${saved.key}`)).toContainText(
    f.integer(saved.customers),
  );

  // The overview's persona breakdown has it, with the API's numbers, and they changed.
  const after = await apiAs("manager").dashboard.personas.query({ filter });
  expect(after.personas.find((p) => p.persona === saved.key)?.activeCustomers).toBeGreaterThan(0);
  expect(personaRows(after, f, t)).not.toEqual(personaRows(before, f, t));
  await page.goto("/");
  const table = await showTable(chart(page, t.personas.title), t.chart);
  const rows = await tableRows(table);
  expect(rows.some((row) => row[0] === name)).toBe(true);
  expect(rows).toEqual(personaRows(after, f, t));

  // The audit log names the change and who made it.
  await page.goto("/admin/audit");
  const audit = page.getByTestId("audit-table");
  await expect(audit).toContainText(`created the persona ${name}`);
  await expect(audit).toContainText("admin@parcours.test");

  // Archive it from the list, as an admin would; its customers go back where they were.
  await page.goto("/admin/personas");
  await page.getByRole("button", { name: fill(m.archiveLabel, { name }) }).click();
  await page.getByRole("dialog").getByRole("button", { name: m.archive }).click();
  await expect(page.getByTestId("personas-status")).toContainText(`“${name}” archived`);
  await expect(page.getByTestId(`persona-row-${saved.key}`)).toContainText(m.archived);
  expect(personaRows(await apiAs("manager").dashboard.personas.query({ filter }), f, t)).toEqual(
    personaRows(before, f, t),
  );
});

test("[ADMIN]: the persona form says what is missing next to each field and saves nothing", async ({
  page,
}) => {
  const admin = apiAs("admin");
  const count = (await admin.admin.personas.list.query()).length;
  await page.goto("/admin/personas/new");
  await page.getByLabel(ofCondition(m.attribute, 1)).fill("age");
  await page.getByRole("button", { name: m.save }).click();
  const name = page.getByLabel(m.name, { exact: true });
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(m.errors.name);
  await expect(page.getByLabel(ofCondition(m.value, 1))).toHaveAccessibleDescription(
    m.errors.valueMissing,
  );
  await expect(page.getByTestId("persona-preview")).toHaveText(m.previewIncomplete);
  await expect(page).toHaveURL(/\/admin\/personas\/new$/);
  expect(await admin.admin.personas.list.query()).toHaveLength(count);
});
