import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { choose } from "./helpers/page";

// Issue 20, item 8: a rule value is checked against what its attribute holds, and a persona
// matching nobody is saved only once the admin has been told and confirms.

const m =
  areaMessages<typeof import("../../web/messages/en/admin-personas.json")>("admin-personas");
const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
const ofCondition = (label: string, n: number) =>
  `${label} (${fill(m.condition, { n: String(n) })})`;

test.use({ role: "admin" });

test("[ADMIN]: “age is more than banana” is pointed out as typed, and an empty persona needs a confirmation", async ({
  page,
}) => {
  const admin = apiAs("admin");
  const attributes = await admin.admin.personas.attributes.query();
  expect(attributes.find((a) => a.attribute === "age")?.types).toEqual(["number"]);
  const name = `Nobody ${Date.now()}`;

  await page.goto("/admin/personas/new");
  await page.getByLabel(m.name, { exact: true }).fill(name);
  await page.getByLabel(ofCondition(m.attribute, 1)).fill("age");
  await choose(page, ofCondition(m.operator, 1), m.operators.gt);
  const value = page.getByLabel(ofCondition(m.value, 1));
  await value.fill("banana");
  // Said at once, next to the value, before any attempt to save.
  await expect(
    page.getByText(fill(m.errors.valueType.notANumber, { attribute: "age", value: "banana" })),
  ).toBeVisible();
  await expect(value).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("persona-preview")).toHaveText(m.previewValueType);
  if (process.env.UX_SHOTS) {
    await page.screenshot({
      path: `${process.env.UX_SHOTS}/persona-banana-1440.png`,
      fullPage: true,
    });
    await page.setViewportSize({ width: 768, height: 1000 });
    await page.screenshot({
      path: `${process.env.UX_SHOTS}/persona-banana-768.png`,
      fullPage: true,
    });
    await page.setViewportSize({ width: 1440, height: 1000 });
  }
  await page.getByRole("button", { name: m.save }).click();
  await expect(value).toBeFocused();
  await expect(page).toHaveURL(/\/admin\/personas\/new$/);

  // A number nobody reaches: valid, but it matches no customer.
  await value.fill("500");
  await expect(page.getByTestId("persona-preview")).toHaveText(
    "0 customers match · 0 would be assigned",
  );
  await page.getByRole("button", { name: m.save }).click();
  const warning = page.getByTestId("persona-empty-warning");
  await expect(warning).toHaveText(new RegExp(m.emptyWarning.slice(0, 40)));
  await expect(page).toHaveURL(/\/admin\/personas\/new$/);
  expect((await admin.admin.personas.list.query()).some((p) => p.name === name)).toBe(false);
  if (process.env.UX_SHOTS) {
    await page.screenshot({
      path: `${process.env.UX_SHOTS}/persona-empty-1440.png`,
      fullPage: true,
    });
  }
  await warning.getByRole("button", { name: m.saveAnyway }).click();
  await expect(page).toHaveURL(/\/admin\/personas$/);
  expect((await admin.admin.personas.list.query()).find((p) => p.name === name)?.customers).toBe(0);
});

test.describe("in French", () => {
  test.use({ appLocale: "fr" });
  test("[ADMIN]: the value's problem is said in French", async ({ page }) => {
    const fr = JSON.parse(
      await import("node:fs").then((fs) =>
        fs.readFileSync(
          new URL("../../web/messages/fr/admin-personas.json", import.meta.url),
          "utf8",
        ),
      ),
    ) as typeof m;
    await page.goto("/admin/personas/new");
    await page.getByLabel(`${fr.attribute} (${fill(fr.condition, { n: "1" })})`).fill("age");
    await page.getByLabel(`${fr.value} (${fill(fr.condition, { n: "1" })})`).fill("banane");
    await expect(
      page.getByText(fill(fr.errors.valueType.notANumber, { attribute: "age", value: "banane" })),
    ).toBeVisible();
  });
});
