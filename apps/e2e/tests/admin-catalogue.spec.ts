import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

const m =
  areaMessages<typeof import("../../web/messages/en/admin-catalogue.json")>("admin-catalogue");

/** A message without plurals, its `{name}` placeholders filled. */
const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);

test.use({ role: "admin" });

test("[ADMIN]: moving a touchpoint to another stage states its effect on history before confirming, then applies exactly that", async ({
  page,
  f,
}) => {
  const admin = apiAs("admin");
  const before = await admin.admin.catalogue.get.query();
  const returns = before.touchpoints.find((tp) => tp.key === "returns");
  if (!returns) throw new Error("the demo catalogue has no returns touchpoint");
  const effect = await admin.admin.catalogue.previewTouchpoint.query({
    key: "returns",
    stage: "loyalty",
  });
  expect(effect.eventsMovingStage).toBeGreaterThan(1);
  expect(effect.customersMovingStage).toBeGreaterThan(1);

  await page.goto("/admin/catalogue");
  await page.getByRole("button", { name: fill(m.editTouchpoint, { name: returns.name }) }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("combobox", { name: m.stage }).click();
  await page.getByRole("option", { name: "Loyalty" }).click();
  await dialog.getByRole("button", { name: m.save }).click();

  const stageName = (key: string) => before.stages.find((s) => s.key === key)?.name ?? key;
  const sentence = `${f.integer(effect.eventsMovingStage)} past events of “${returns.name}” (${f.integer(effect.customersMovingStage)} customers) will count in ${stageName("loyalty")} instead of ${stageName(returns.stage)}.`;
  await expect(page.getByTestId("touchpoint-effect")).toContainText(sentence);
  await page.getByRole("button", { name: m.confirm }).click();
  await expect(page.getByTestId("touchpoint-returns")).toContainText(stageName("loyalty"));
  const after = await admin.admin.catalogue.get.query();
  const stageEvents = (cat: typeof before, key: string) =>
    cat.stages.find((s) => s.key === key)?.events ?? 0;
  expect(stageEvents(after, "loyalty") - stageEvents(before, "loyalty")).toBe(
    effect.eventsMovingStage,
  );

  // Put it back for the other tests.
  await admin.admin.catalogue.updateTouchpoint.mutate({ key: "returns", stage: returns.stage });
});

test("[ADMIN]: stages move with the keyboard, each move announced; saving the order says what it changes first", async ({
  page,
}) => {
  const admin = apiAs("admin");
  const before = await admin.admin.catalogue.get.query();
  const [first, second] = before.stages;
  if (!first || !second) throw new Error("the demo catalogue has fewer than two stages");

  await page.goto("/admin/catalogue");
  const down = page.getByRole("button", { name: fill(m.moveDown, { name: first.name }) });
  await down.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("catalogue-status")).toHaveText(
    fill(m.moved, { name: first.name, position: "2", count: String(before.stages.length) }),
  );
  // Focus stays on the stage that moved.
  await expect(down).toBeFocused();
  await expect(page.getByTestId(`stage-${first.key}`)).toContainText(m.unsaved);

  await page.getByRole("button", { name: m.saveOrder }).click();
  const effect = page.getByTestId("reorder-effect");
  await expect(effect).toContainText(m.reorderNoEvents);
  await expect(effect).toContainText(`${second.name} → ${first.name}`);
  await page.getByRole("button", { name: m.reorderConfirm }).last().click();
  await expect(page.getByTestId("catalogue-status")).toHaveText(m.reordered);
  const saved = await admin.admin.catalogue.get.query();
  expect(saved.stages.slice(0, 2).map((s) => s.key)).toEqual([second.key, first.key]);

  // Put it back for the other tests.
  await admin.admin.catalogue.reorderStages.mutate({ keys: before.stages.map((s) => s.key) });
});
