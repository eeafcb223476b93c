import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { getCommentCounts } from "../src/metrics";
import { eraseCustomer, listAudit } from "../src/queries";
import {
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

// Issue 17 item 4: an admin erases one customer's comments, and what identifies the customer,
// in one action that the audit log records without the customer's external id.

const admin = { id: null, email: "admin@example.com" };

describe.each(TEST_TARGETS)("erasing a customer on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      {
        id: "e1",
        customer: "jane@example.com",
        touchpoint: "checkout",
        t: DAY,
        satisfaction: 1,
        comment: "Mon numéro : 06 12 34 56 78",
      },
      {
        id: "e2",
        customer: "jane@example.com",
        touchpoint: "till",
        t: DAY,
        satisfaction: 2,
        comment: "Rappelez-moi",
      },
      { id: "e3", customer: "jane@example.com", touchpoint: "website", t: DAY, satisfaction: 4 },
      {
        id: "e4",
        customer: "other",
        touchpoint: "checkout",
        t: DAY,
        satisfaction: 3,
        comment: "Bien",
      },
    ]);
    await t.db.execute(
      sql`UPDATE customers SET attributes = '{"age": 31}'::jsonb WHERE external_id = 'jane@example.com'`,
    );
  });
  afterAll(() => t.cleanup());

  it("removes the comments, the external id and the attributes, keeps the events, and audits it", async () => {
    const erased = await eraseCustomer(t.db, admin, "jane@example.com");
    expect(erased.comments).toBe(2);
    const [customer] = await queryRows<{ external_id: string; attributes: unknown }>(
      t.db,
      sql`SELECT external_id, attributes FROM customers WHERE id = ${erased.id}`,
    );
    expect(customer).toEqual({ external_id: `erased-${erased.id}`, attributes: {} });
    const events = await queryRows<{ event_id: string; comment: string | null }>(
      t.db,
      sql`SELECT event_id, comment FROM events ORDER BY event_id`,
    );
    expect(events).toEqual([
      { event_id: "e1", comment: null },
      { event_id: "e2", comment: null },
      { event_id: "e3", comment: null },
      { event_id: "e4", comment: "Bien" },
    ]);
    const counts = await getCommentCounts(t.db, { filter: { from: date(0), to: date(30 * DAY) } });
    expect(counts).toEqual([{ stage: "purchase", touchpoint: "checkout", comments: 1 }]);

    const {
      rows: [entry],
    } = await listAudit(t.db, { entityType: "customer" });
    expect(entry).toMatchObject({
      action: "customer.erase",
      actorEmail: "admin@example.com",
      entityId: String(erased.id),
      after: { comments: 2 },
    });
    expect(JSON.stringify(entry)).not.toContain("jane");
  });

  it("says which id it does not know, and a new event under the old id starts a new customer", async () => {
    await expect(eraseCustomer(t.db, admin, "jane@example.com")).rejects.toThrow(
      'no customer has the id "jane@example.com"',
    );
    await insertEvents(t.db, [
      { id: "e5", customer: "jane@example.com", touchpoint: "ads", t: 2 * DAY },
    ]);
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM events e JOIN customers c ON c.id = e.customer_id
          WHERE c.external_id = 'jane@example.com'`,
    );
    expect(rows[0]?.n).toBe(1);
  });
});
