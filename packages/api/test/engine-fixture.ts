import { clickhouseEngine, type MetricEngine, postgresEngine } from "@parcours/db/metrics/engine";
import type { UserRow } from "@parcours/db/queries";
import {
  DAY,
  type FixtureEvent,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import {
  CLICKHOUSE_UP,
  openTestClickHouse,
  type TestClickHouse,
} from "@parcours/db/testing/clickhouse/helpers";
import { syncFully } from "@parcours/db/testing/clickhouse/sync-fixtures";
import { createCaller, createTRPCContext } from "../src";
import { type Caller, createTestUsers, type TestUsers } from "./procedures";

/*
 * Router suites whose answers come from the metric engine run once per engine: each PostgreSQL
 * target, then ClickHouse (its events copied from PGlite) when a test server is up.
 */

export interface RouterEngine {
  name: string;
  target: "pglite" | "postgres";
  clickhouse: boolean;
}

export const ROUTER_ENGINES: RouterEngine[] = [
  ...TEST_TARGETS.map((target) => ({ name: target, target, clickhouse: false })),
  ...(CLICKHOUSE_UP ? [{ name: "ClickHouse", target: "pglite" as const, clickhouse: true }] : []),
];

/**
 * Funnel discovery → purchase in [T0, T0 + 10 d): c1 buys a day after its ads, c3 a day after
 * its, c2 never: entrants c1, c2, c3 (3), buyers c1, c3 (2), dropped c2 (1).
 */
export const FUNNEL_EVENTS: FixtureEvent[] = [
  { id: "r1", customer: "c1", touchpoint: "ads", t: 0, satisfaction: 4 },
  { id: "r2", customer: "c1", touchpoint: "checkout", t: DAY, type: "purchase", revenue: "20.00" },
  { id: "r3", customer: "c2", touchpoint: "ads", t: 2 * DAY, satisfaction: 2 },
  { id: "r4", customer: "c3", touchpoint: "ads", t: 8 * DAY },
  { id: "r5", customer: "c3", touchpoint: "till", t: 9 * DAY, type: "purchase" },
];

export interface EngineFixture {
  t: TestDatabase;
  users: TestUsers;
  /** A caller as `user` (or anonymous) whose figures come from this fixture's engine. */
  as(user: UserRow | null): Promise<Caller>;
  cleanup(): Promise<void>;
}

/** A database with the test catalogue, `events` and one user per role, answered by `engine`. */
export async function openEngineFixture(
  engine: RouterEngine,
  events: FixtureEvent[],
): Promise<EngineFixture> {
  const t = await openTestDatabase(engine.target);
  let ch: TestClickHouse | undefined;
  try {
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, events);
    const users = await createTestUsers(t.db);
    let metrics: MetricEngine = postgresEngine();
    if (engine.clickhouse) {
      ch = await openTestClickHouse();
      await syncFully(t.db, ch);
      metrics = clickhouseEngine(ch);
    }
    const clickhouse = ch;
    return {
      t,
      users,
      as: async (user) =>
        createCaller(await createTRPCContext({ db: t.db, headers: new Headers(), user, metrics })),
      cleanup: async () => {
        await clickhouse?.cleanup();
        await t.cleanup();
      },
    };
  } catch (error) {
    await ch?.cleanup();
    await t.cleanup();
    throw error;
  }
}
