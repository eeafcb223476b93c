import { readFileSync } from "node:fs";
import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";

const m = JSON.parse(
  readFileSync(new URL("../../web/messages/en/admin-catalogue.json", import.meta.url), "utf8"),
) as typeof import("../../web/messages/en/admin-catalogue.json");

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
  expect(effect.eventsMovingStage).toBeGreaterThan(0);

  await page.goto("/admin/catalogue");
  await page
    .getByRole("button", { name: m.editTouchpoint.replace("{name}", returns.name) })
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("combobox", { name: m.stage }).click();
  await page.getByRole("option", { name: "Loyalty" }).click();
  await dialog.getByRole("button", { name: m.save }).click();

  const stageName = (key: string) => before.stages.find((s) => s.key === key)?.name ?? key;
  await expect(page.getByTestId("touchpoint-effect")).toContainText(
    m.effectStage
      .replace("{events}", f.integer(effect.eventsMovingStage))
      .replace("{customers}", f.integer(effect.customersMovingStage))
      .replace("{to}", stageName("loyalty"))
      .replace("{from}", stageName(returns.stage)),
  );
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
