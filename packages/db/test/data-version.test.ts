import { ZEventInputSchema } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/client";
import { seedCatalogue, seedPersonas } from "../src/demo";
import { EventIngestor } from "../src/ingest";
import {
  advanceDataVersion,
  changingData,
  createPersona,
  createTouchpoint,
  readDataVersion,
  reorderStages,
  setConversionStage,
  updateStage,
  updateTouchpoint,
  upsertCustomers,
} from "../src/queries";
import {
  at,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

const actor = { id: null, email: "test" };
const STAGES = ["discovery", "consideration", "decision", "purchase", "after_sales", "loyalty"];

const event = (id: string) =>
  ZEventInputSchema.parse({
    eventId: id,
    customerId: "c1",
    occurredAt: at(0),
    touchpoint: "website",
    type: "view",
  });

describe.each(TEST_TARGETS)("data version on %s", (target) => {
  let t: TestDatabase;

  /** Whether `write` moved the data version on. */
  async function advances(write: (db: Database) => Promise<unknown>): Promise<boolean> {
    const before = await readDataVersion(t.db);
    await write(t.db);
    return (await readDataVersion(t.db)) !== before;
  }

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.cleanup());

  it("does not move without a write", async () => {
    expect(await readDataVersion(t.db)).toBe(await readDataVersion(t.db));
  });

  it("moves after events are ingested, and after customers are stored", async () => {
    expect(await advances((db) => new EventIngestor(db).ingest([event("e1")]))).toBe(true);
    expect(
      await advances((db) => upsertCustomers(db, [{ externalId: "c1", attributes: { age: 20 } }])),
    ).toBe(true);
  });

  it("moves after every catalogue and persona change", async () => {
    const changes: [string, (db: Database) => Promise<unknown>][] = [
      [
        "updateStage",
        (db) => updateStage(db, actor, { key: "decision", name: "Choice", goal: "", actions: [] }),
      ],
      ["reorderStages", (db) => reorderStages(db, actor, [...STAGES].reverse())],
      ["setConversionStage", (db) => setConversionStage(db, actor, "loyalty")],
      ["updateTouchpoint", (db) => updateTouchpoint(db, actor, { key: "app", stage: "decision" })],
      [
        "createTouchpoint",
        (db) =>
          createTouchpoint(db, actor, {
            key: "kiosk",
            name: "Kiosk",
            channel: "store",
            stage: "decision",
          }),
      ],
      [
        "createPersona",
        (db) =>
          createPersona(db, actor, {
            name: "Seniors",
            description: "",
            goals: [],
            needs: [],
            painPoints: [],
            colour: "#aa3300",
            priority: 5,
            rules: { match: "all", conditions: [{ attribute: "age", operator: "gte", value: 60 }] },
          }),
      ],
      ["seedCatalogue", seedCatalogue],
      ["seedPersonas", seedPersonas],
    ];
    const moved: Record<string, boolean> = {};
    for (const [name, write] of changes) moved[name] = await advances(write);
    expect(moved).toEqual(Object.fromEntries(changes.map(([name]) => [name, true])));
  });

  it("inside a transaction, moves only once the code that opened it has committed", async () => {
    let inside: string | undefined;
    const before = await readDataVersion(t.db);
    await changingData(t.db, () =>
      t.db.transaction(async (tx) => {
        await new EventIngestor(tx as unknown as Database).ingest([event("e2")]);
        await advanceDataVersion(tx as unknown as Database);
        inside = await readDataVersion(t.db);
      }),
    );
    expect(inside).toBe(before);
    expect(await readDataVersion(t.db)).not.toBe(before);
  });
});
