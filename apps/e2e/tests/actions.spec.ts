import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

const m = areaMessages<typeof import("../../web/messages/en/journeys.json")>("journeys");

test.use({ role: "manager" });

test("[ACTIONS]: a manager plans an opportunity on the action board and gives it to a viewer, who sees it planned", async ({
  page,
}) => {
  const manager = apiAs("manager");
  const view = await manager.views.create.mutate({
    name: `Action board ${Date.now()}`,
    visibility: "team",
    period: { kind: "relative", days: 90 },
  });
  const body = `Shorten the checkout form ${Date.now()}`;
  const opportunity = await manager.views.annotate.mutate({
    viewId: view.id,
    target: { kind: "view" },
    body,
    kind: "opportunity",
  });

  await page.goto(`/journeys/${view.id}`);
  const board = page.getByTestId("action-board");
  await expect(board.getByRole("heading", { level: 2, name: m.actions.title })).toBeVisible();
  const ideas = board.getByTestId("actions-idea");
  await expect(ideas.getByTestId("action-card")).toContainText(body);

  // Plan it: the card moves to the Planned column and says when.
  const field = (what: string) =>
    m.actions.fieldFor.replace("{field}", what).replace("{action}", body.slice(0, 60));
  await ideas.getByRole("combobox", { name: field(m.actions.statusLabel) }).click();
  await page.getByRole("option", { name: m.actions.status.planned, exact: true }).click();
  const planned = board.getByTestId("actions-planned");
  await expect(planned.getByTestId("action-card")).toContainText(body);
  await expect(planned.getByTestId("action-card")).toContainText(
    m.actions.plannedOn.replace(" {date}", ""),
  );

  // Give it to the viewer.
  await planned.getByRole("combobox", { name: field(m.actions.ownerLabel) }).click();
  await page
    .getByRole("option", { name: /viewer/i })
    .first()
    .click();
  await expect(planned.getByRole("combobox", { name: field(m.actions.ownerLabel) })).not.toHaveText(
    m.actions.nobody,
  );

  // The viewer reads the same through the API; the audit log has both changes.
  const seen = await apiAs("viewer").actions.list.query({ viewId: view.id });
  expect(seen).toEqual([
    expect.objectContaining({
      id: opportunity.id,
      status: "planned",
      owner: expect.objectContaining({ email: "viewer@parcours.test" }),
    }),
  ]);
  const audit = await apiAs("admin").admin.audit.list.query({ entityType: "action" });
  expect(audit.rows.filter((r) => r.entityId === String(opportunity.id))).toHaveLength(2);
});
