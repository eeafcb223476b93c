import { randomBytes } from "node:crypto";
import {
  type ClickHouse,
  ClickHouseUnavailableError,
  createClickHouse,
  parseClickHouseUrl,
} from "../../src/analytics/clickhouse/client";
import { chSql, lit } from "../../src/analytics/clickhouse/literal";
import { migrateClickHouse } from "../../src/analytics/clickhouse/migrate";

/**
 * The ClickHouse server the suites use: CLICKHOUSE_TEST_URL (CI sets it after starting the
 * server), else a local server on the default port. Each test file works in its own database,
 * created and dropped here, so files can run side by side.
 */
export const CLICKHOUSE_TEST_URL = process.env.CLICKHOUSE_TEST_URL || "http://127.0.0.1:8123";

async function answers(): Promise<boolean> {
  const ch = createClickHouse(CLICKHOUSE_TEST_URL, { requestTimeoutMs: 3000 });
  try {
    await ch.ping();
    return true;
  } catch (error) {
    if (error instanceof ClickHouseUnavailableError) return false;
    throw error;
  } finally {
    await ch.close();
  }
}

/**
 * Whether the ClickHouse suites run. When CLICKHOUSE_TEST_URL is set, a server that does not
 * answer is a failure (CI promised one); when it is not, the suites are skipped with a warning.
 */
export async function clickHouseAvailable(): Promise<boolean> {
  const ok = await answers();
  if (ok) return true;
  if (process.env.CLICKHOUSE_TEST_URL) {
    throw new Error(
      `CLICKHOUSE_TEST_URL=${CLICKHOUSE_TEST_URL} is set but ClickHouse does not answer there`,
    );
  }
  console.warn(
    `\n⚠ ClickHouse does not answer at ${CLICKHOUSE_TEST_URL}: the ClickHouse suites are SKIPPED. Start a server or set CLICKHOUSE_TEST_URL.\n`,
  );
  return false;
}

export const CLICKHOUSE_UP = await clickHouseAvailable();

export interface TestClickHouse extends ClickHouse {
  /** The database URL, for child processes (the CLI) that open their own client. */
  url: string;
  cleanup: () => Promise<void>;
}

/** A fresh database, migrated unless told otherwise (then empty); cleanup drops it. */
export async function openTestClickHouse(
  options: { migrate?: boolean } = {},
): Promise<TestClickHouse> {
  const name = `parcours_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = `${parseClickHouseUrl(CLICKHOUSE_TEST_URL).server}/${name}`;
  const ch = createClickHouse(url);
  if (options.migrate === false) {
    await ch.serverCommand(chSql`CREATE DATABASE ${lit.ident(name)}`);
  } else {
    await migrateClickHouse(ch);
  }
  return Object.assign(ch, {
    url,
    cleanup: async () => {
      try {
        await ch.serverCommand(chSql`DROP DATABASE IF EXISTS ${lit.ident(name)}`);
      } finally {
        await ch.close();
      }
    },
  });
}
