import { formatMessage } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, listAudit, setPrivacySettings, setUserRole } from "../src/queries";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "./helpers";

describe.each(TEST_TARGETS)("the audit log's changes by code on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
  });
  afterAll(() => t.close());

  it("stores each change's code beside its English, so the log reads in French too", async () => {
    const actor = { id: null, email: "cli" };
    const user = await createUser(t.db, actor, {
      email: "ana@example.com",
      name: "Ana",
      role: "viewer",
      passwordHash: "not-a-real-hash",
    });
    await setUserRole(t.db, actor, user.id, "manager");
    const { rows } = await listAudit(t.db, {});
    const [role, created] = rows;
    expect(created).toMatchObject({
      summary: "created ana@example.com as viewer",
      summaryMessage: {
        code: "auditUserCreate",
        params: { email: "ana@example.com", role: "viewer" },
      },
    });
    expect(role?.summary).toBe("ana@example.com: viewer → manager");
    expect(role?.summaryMessage && formatMessage("fr", role.summaryMessage)).toBe(
      "ana@example.com\u00a0: lecteur → responsable",
    );
  });

  it("says a privacy change by code: viewers allowed, then no longer", async () => {
    const actor = { id: null, email: "cli" };
    await setPrivacySettings(t.db, actor, { viewersSeeCustomers: true });
    await setPrivacySettings(t.db, actor, { viewersSeeCustomers: false });
    const { rows } = await listAudit(t.db, { entityType: "privacy" });
    const [off, on] = rows;
    expect(on?.summary).toBe("viewers may see customer lists and timelines");
    expect(on?.summaryMessage).toEqual({ code: "auditPrivacy", params: { viewers: "yes" } });
    expect(off?.summary).toBe("viewers no longer see customer lists and timelines");
    expect(off?.summaryMessage && formatMessage("fr", off.summaryMessage)).toBe(
      "les lecteurs ne voient plus les listes de clients ni leurs parcours",
    );
  });
});
