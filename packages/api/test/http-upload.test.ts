import { listAudit } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleImportStatus, handleUpload, type ImportJob } from "../src/http";

const actor = { id: null, email: "admin@example.com" };

function upload(query: string, body: string) {
  return new Request(`http://localhost/api/v1/imports?${query}`, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body,
  });
}

const CSV = [
  "event_id,customer_id,occurred_at,touchpoint,type,satisfaction",
  "u1,c1,2026-01-05T10:00:00Z,website,view,4",
  "u2,c1,2026-01-05T11:00:00Z,checkout,purchase,9",
  "u3,c2,not a date,website,view,",
  "u4,c2,2026-01-06T09:00:00Z,website,view,",
  "u1,c1,2026-01-05T10:00:00Z,website,view,4",
].join("\n");

/** Uploads, then follows the job until it is done or failed. */
async function uploadAndWait(request: Request, deps: Parameters<typeof handleUpload>[1]) {
  const response = await handleUpload(request, deps);
  if (response.status !== 202)
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  let job = (await response.json()) as ImportJob;
  for (let i = 0; i < 600 && job.state === "importing"; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await (await handleImportStatus(job.id)).json()) as ImportJob;
  }
  return { status: 202, body: job as unknown as Record<string, unknown> };
}

describe.each(TEST_TARGETS)("file upload on %s", (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.cleanup());

  it("imports a CSV file as `parcours import` does, reporting rejected rows by line, and logs it", async () => {
    const { status, body } = await uploadAndWait(upload("filename=events.csv", CSV), {
      db: t.db,
      actor,
    });
    expect(status).toBe(202);
    expect(body).toMatchObject({
      state: "done",
      filename: "events.csv",
      bytes: CSV.length,
      bytesRead: CSV.length,
      accepted: 2,
      rejected: 2,
      summary: {
        accepted: 2,
        duplicates: 1,
        rejected: 2,
        errors: [
          { line: 3, message: "satisfaction must be a whole number from 1 to 5" },
          { line: 4, message: expect.stringMatching(/^occurred_at must be an ISO 8601/) },
        ],
      },
    });
    const { rows } = await listAudit(t.db, { entityType: "import" });
    expect(rows[0]).toMatchObject({
      actorEmail: "admin@example.com",
      summary: "imported events.csv: 2 accepted, 1 duplicates, 2 rejected",
    });
  });

  it("takes NDJSON when told so", async () => {
    const line = JSON.stringify({
      event_id: "n1",
      customer_id: "c3",
      occurred_at: "2026-01-07T09:00:00Z",
      touchpoint: "website",
      type: "view",
    });
    const { body } = await uploadAndWait(upload("format=ndjson", `${line}\n`), { db: t.db, actor });
    expect(body).toMatchObject({ state: "done", accepted: 1, rejected: 0 });
  });

  it.each([
    ["an unknown format", "format=xml", CSV, /format must be csv or ndjson, not "xml"/],
    ["no way to tell the format", "filename=events.txt", CSV, /cannot tell the format/],
  ])("answers %s with 400 and the reason", async (_name, query, body, message) => {
    const response = await handleUpload(upload(query, body), { db: t.db, actor });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { message: string } };
    expect(answer.error.message).toMatch(message);
  });

  it.each([
    ["a CSV with an unknown column", "event_id,colour\nx,red\n", /unknown column "colour"/],
    ["an empty CSV", "", /the file is empty/],
  ])("reports %s as a failed import with the reason", async (_name, body, message) => {
    const { body: job } = await uploadAndWait(upload("format=csv", body), { db: t.db, actor });
    expect(job).toMatchObject({ state: "failed", error: expect.stringMatching(message) });
  });

  it("an unknown import id is a 404", async () => {
    expect((await handleImportStatus("nope")).status).toBe(404);
  });
});
