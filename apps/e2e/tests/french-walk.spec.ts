import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { apiAs } from "./helpers/api";
import { expect, test } from "./helpers/fixtures";
import { messages } from "./helpers/locale";

// Issue 20, items 10 and 17: the French UI shows no English, the server's messages included
// (a form's validation, an upload's rejections, the audit log), and a refused input logs nothing
// in the browser's console.

/**
 * English words the French UI must not show. The demo's own names (seeded in English here) and
 * other data are taken out of the page's text first: they are what the customer typed.
 */
const ENGLISH = [
  "the",
  "and",
  "with",
  "from",
  "must",
  "is",
  "are",
  "not",
  "of",
  "to",
  "be",
  "has",
  "this",
  "your",
  "you",
  "least",
  "most",
  "Save",
  "Cancel",
  "Delete",
  "Loading",
  "Search",
  "Apply",
  "Reset",
  "Show",
  "Hide",
  "Close",
  "Download",
  "Upload",
  "Add",
  "Edit",
  "Remove",
  "Users",
  "Role",
  "Password",
  "Stage",
  "Stages",
  "Step",
  "Steps",
  "Touchpoint",
  "Touchpoints",
  "Customers",
  "customers",
  "Events",
  "events",
  "Revenue",
  "Overview",
  "Funnel",
  "Funnels",
  "Journeys",
  "Journey",
  "Settings",
  "rows",
  "rejected",
  "accepted",
  "created",
  "added",
  "renamed",
  "reassigned",
  "required",
  "invalid",
  "valid",
  "characters",
  "Before",
  "After",
  "Change",
  "Who",
  "When",
  "None",
  "Never",
  "Yes",
];

const WORDS = new RegExp(`(?<![\\p{L}\\p{N}_])(${ENGLISH.join("|")})(?![\\p{L}\\p{N}_])`, "gu");

/** Every string in a JSON value: the data the pages show as it was entered. */
function strings(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === "string") {
    if (value.trim().length > 1) out.add(value.trim());
  } else if (Array.isArray(value)) {
    for (const item of value) strings(item, out);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) strings(item, out);
  }
  return out;
}

/** The data values any page may show: catalogue, personas, users, views, keys, mappings. */
async function dataValues(): Promise<string[]> {
  const admin = apiAs("admin");
  const found = new Set<string>();
  const sources = await Promise.all([
    admin.admin.catalogue.get.query(),
    admin.admin.personas.list.query(),
    admin.admin.personas.attributes.query(),
    admin.admin.users.list.query(),
    admin.views.list.query({}),
    admin.admin.apiKeys.list.query(),
    admin.admin.segment.mappings.query(),
    admin.admin.segment.unmapped.query(),
  ]);
  for (const source of sources) strings(source, found);
  // Longest first, so that a name is not cut by a shorter one inside it.
  return [...found].sort((a, b) => b.length - a.length);
}

/** The English words in the page's visible text once the data values are taken out. */
async function englishOn(page: Page, data: string[]): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees; textContent also holds hidden nodes and scripts
  let text = await page.locator("body").innerText();
  for (const value of data) text = text.split(value).join(" ");
  // API paths quoted in the help (/api/v1/events) are names, not prose.
  text = text.replace(/\/api\/\S+/g, " ");
  return [...text.matchAll(WORDS)].map((match) => {
    const at = match.index ?? 0;
    return `${match[0]} in “…${text.slice(Math.max(0, at - 30), at + 30).replace(/\s+/g, " ")}…”`;
  });
}

const fr = messages("fr");
const frIngestion = JSON.parse(
  readFileSync(new URL("../../web/messages/fr/admin-ingestion.json", import.meta.url), "utf8"),
) as typeof import("../../web/messages/en/admin-ingestion.json");

test.describe("the French UI, page by page", () => {
  test.use({ appLocale: "fr", role: "admin" });
  test.setTimeout(300_000);

  test("[I18N]: no English on any page, server messages included", async ({ page }) => {
    const admin = apiAs("admin");
    const view = await admin.views.create.mutate({
      name: `Carte ${Date.now()}`,
      visibility: "team",
      period: { kind: "relative", days: 30 },
    });
    const personas = await admin.admin.personas.list.query();
    const persona = personas.find((p) => !p.archived);
    expect(persona).toBeDefined();
    const data = await dataValues();
    data.push(view.name);

    const found: Record<string, string[]> = {};
    const visit = async (path: string) => {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", "fr");
      const english = await englishOn(page, data);
      if (english.length > 0) found[path] = english;
    };
    for (const path of [
      "/",
      "/funnels",
      "/paths",
      "/drivers",
      "/retention",
      "/customers",
      "/journeys",
      `/journeys/${view.id}`,
      "/personas",
      `/personas/${persona?.key}`,
      "/admin",
      "/admin/catalogue",
      "/admin/personas",
      "/admin/segment",
      "/admin/ingestion",
    ]) {
      await visit(path);
    }

    // An upload with rejected rows: each reason in French.
    await page.goto("/admin/ingestion");
    const stamp = Date.now();
    await page.locator("#upload-file").setInputFiles({
      name: "mauvais.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        [
          "event_id,customer_id,occurred_at,touchpoint,type,satisfaction,revenue",
          `fw-${stamp}-1,c-${stamp},2026-06-01T10:00:00Z,website,view,4,`,
          `fw-${stamp}-2,c-${stamp},hier,website,view,,`,
          `fw-${stamp}-3,c-${stamp},2026-06-01T10:10:00Z,nulle_part,view,,`,
          `fw-${stamp}-4,c-${stamp},2026-06-01T10:15:00Z,website,view,9,`,
          `fw-${stamp}-5,c-${stamp},2026-06-01T10:20:00Z,web_checkout,purchase,,-20.00`,
          `fw-${stamp}-6,c-${stamp}`,
        ].join("\n"),
      ),
    });
    await page.getByRole("button", { name: frIngestion.upload.start, exact: true }).click();
    const summary = page.getByTestId("upload-summary");
    await expect(summary).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("cell", { name: /doit valoir au plus 5/ })).toBeVisible();
    await expect(
      page.getByRole("cell", {
        name: "le point de contact « nulle_part » n’est pas dans le catalogue",
      }),
    ).toBeVisible();
    const afterUpload = await englishOn(page, [...data, "mauvais.csv", "nulle_part", "hier"]);
    if (afterUpload.length > 0) found["/admin/ingestion (upload)"] = afterUpload;

    // A file the server refuses as a whole: its reason in French too.
    await page.locator("#upload-file").setInputFiles({
      name: "colonnes.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("event_id,customer_id,occurred_at,touchpoint,type,couleur\n"),
    });
    await page.getByRole("button", { name: frIngestion.upload.start, exact: true }).click();
    await expect(page.getByText(/colonne inconnue dans l’en-tête/)).toBeVisible({
      timeout: 60_000,
    });
    const fileRefused = await englishOn(page, [...data, "colonnes.csv", "couleur"]);
    if (fileRefused.length > 0) found["/admin/ingestion (file refused)"] = fileRefused;

    // A form the server refuses: the field's message in French.
    await page.goto("/admin");
    await page.getByRole("button", { name: fr.admin.users.create, exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(fr.admin.users.email, { exact: true }).fill("pas-une-adresse");
    await dialog.getByLabel(fr.admin.users.passwordOptional, { exact: true }).fill("court");
    await dialog.getByRole("button", { name: fr.admin.users.save, exact: true }).click();
    await expect(dialog.getByText("doit être une adresse e-mail valide")).toBeVisible();
    await expect(dialog.getByText("doit compter au moins 12 caractères")).toBeVisible();
    const inForm = await englishOn(page, [...data, "pas-une-adresse"]);
    if (inForm.length > 0) found["/admin (server validation)"] = inForm;

    await visit("/admin/audit");
    expect(found).toEqual({});
  });
});

test.describe("the browser console", () => {
  test.use({ role: "admin" });

  test("[NOISE]: a form the server refuses logs no error in the console", async ({ page, t }) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto("/admin");
    await page.getByRole("button", { name: t.admin.users.create, exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(t.admin.users.email, { exact: true }).fill("not-an-email");
    await dialog.getByRole("button", { name: t.admin.users.save, exact: true }).click();
    await expect(dialog.getByText("must be a valid email address")).toBeVisible();
    // The answer has arrived and been shown; a logger would have written by now.
    await page.waitForTimeout(500);
    expect(errors).toEqual([]);
  });
});
