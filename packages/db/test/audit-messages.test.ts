import { formatMessage } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, listAudit, setUserRole } from "../src/queries";
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
});
