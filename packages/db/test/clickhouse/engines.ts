import { afterAll } from "vitest";
import type { ClickHouse } from "../../src/analytics/clickhouse/client";
import type { Database } from "../../src/client";
import { type Catalogue, getCatalogue } from "../../src/queries";
import { TEST_TARGETS, type TestDatabase, type TestTarget } from "../helpers";
import { CLICKHOUSE_UP, openTestClickHouse, type TestClickHouse } from "./helpers";
import { syncFully } from "./sync-fixtures";

/**
 * The engines a metric suite runs its hand-computed expectations on: PostgreSQL on each test
 * target, and ClickHouse (synced from PGlite) when a server answers.
 */
export interface MetricEngine {
  name: string;
  target: TestTarget;
  clickhouse: boolean;
}

export const METRIC_ENGINES: MetricEngine[] = [
  ...TEST_TARGETS.map((target) => ({ name: target, target, clickhouse: false })),
  ...(CLICKHOUSE_UP ? [{ name: "ClickHouse", target: "pglite" as const, clickhouse: true }] : []),
];

/**
 * For a suite on `engine`: `metric(pg, ch)` is a function with the PostgreSQL metric's
 * signature that, on the ClickHouse engine, asks ClickHouse instead, with the catalogue as
 * PostgreSQL has it at the call. The fixture is synced into a fresh ClickHouse database at the
 * first such call (suites load their fixture first); `sync()` copies later changes.
 */
export function onEngine(engine: MetricEngine, database: () => TestDatabase) {
  let opened: Promise<TestClickHouse> | undefined;
  const clickhouse = (): Promise<TestClickHouse> => {
    opened ??= (async () => {
      const ch = await openTestClickHouse();
      await syncFully(database().db, ch);
      return ch;
    })();
    return opened;
  };
  afterAll(async () => {
    if (opened) await (await opened).cleanup();
  });
  return {
    /** Copies what changed in PostgreSQL since the last sync (nothing to do on PostgreSQL). */
    sync: async () => {
      if (engine.clickhouse) await syncFully(database().db, await clickhouse());
    },
    metric<P extends object, R>(
      pg: (db: Database, params: P) => Promise<R>,
      ch: (ch: ClickHouse, params: Omit<P, "catalogue"> & { catalogue: Catalogue }) => Promise<R>,
    ): (db: Database, params: P) => Promise<R> {
      if (!engine.clickhouse) return pg;
      return async (db, params) =>
        ch(await clickhouse(), { ...params, catalogue: await getCatalogue(db) });
    },
  };
}
