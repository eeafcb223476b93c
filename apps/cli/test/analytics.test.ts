import { randomBytes } from "node:crypto";
import {
  ClickHouseUnavailableError,
  chSql,
  createClickHouse,
  lit,
  parseClickHouseUrl,
} from "@parcours/db/analytics/clickhouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli } from "./cli";

const SERVER = process.env.CLICKHOUSE_TEST_URL || "http://127.0.0.1:8123";

async function clickHouseUp(): Promise<boolean> {
  const ch = createClickHouse(SERVER, { requestTimeoutMs: 3000 });
  try {
    await ch.ping();
    return true;
  } catch (error) {
    if (!(error instanceof ClickHouseUnavailableError)) throw error;
    if (process.env.CLICKHOUSE_TEST_URL) {
      throw new Error(`CLICKHOUSE_TEST_URL=${SERVER} is set but ClickHouse does not answer there`);
    }
    console.warn(
      `\n⚠ ClickHouse does not answer at ${SERVER}: the CLI's analytics tests are SKIPPED.\n`,
    );
    return false;
  } finally {
    await ch.close();
  }
}

const UP = await clickHouseUp();

// Each fails before ClickHouse or the database is opened.
const USAGE: [string[], number, RegExp, Record<string, string>][] = [
  [["analytics", "status"], 2, /CLICKHOUSE_URL is not set/, { CLICKHOUSE_URL: "" }],
  [
    ["analytics", "init"],
    1,
    /invalid environment: CLICKHOUSE_URL must be an http:\/\/ or https:\/\/ URL/,
    { CLICKHOUSE_URL: "tcp://127.0.0.1:9000/parcours" },
  ],
  [
    ["analytics", "init"],
    1,
    /CLICKHOUSE_URL names the database "a-b": use letters, digits and underscores/,
    { CLICKHOUSE_URL: "http://127.0.0.1:8123/a-b" },
  ],
  [
    ["analytics", "init", "--shard-urls", "http://127.0.0.1:8124"],
    2,
    /--shard-urls goes with --cluster <name>/,
    {},
  ],
  [["analytics", "sync", "--batch-rows", "0"], 2, /--batch-rows must be a whole number/, {}],
  [["analytics", "sync", "--interval", "5"], 2, /--interval must be a number of milliseconds/, {}],
];

describe("parcours analytics usage errors", () => {
  let target: CliTarget;
  beforeAll(async () => {
    target = await cliTarget("pglite");
  });
  afterAll(() => target.cleanup());

  it("name the setting or option that is wrong, on stderr", async () => {
    const results = await Promise.all(
      USAGE.map(async ([args, code, message, env]) => ({
        args,
        code,
        message,
        result: await runCli(target, args, { env }),
      })),
    );
    for (const { args, code, message, result } of results) {
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({
        args,
        code,
        stdout: "",
      });
      expect(result.stderr).toMatch(message);
    }
  });
});

describe.skipIf(!UP)("parcours analytics (PGlite → ClickHouse)", () => {
  let target: CliTarget;
  const database = `parcours_cli_${process.pid}_${randomBytes(3).toString("hex")}`;
  const url = `${parseClickHouseUrl(SERVER).server}/${database}`;
  const env = { CLICKHOUSE_URL: url };

  beforeAll(async () => {
    target = await cliTarget("pglite");
  });
  afterAll(async () => {
    const ch = createClickHouse(url);
    await ch.serverCommand(chSql`DROP DATABASE IF EXISTS ${lit.ident(database)}`);
    await ch.close();
    await target?.cleanup();
  });

  it("init --cluster with a cluster the server does not know names the ones it does, and creates nothing", async () => {
    const result = await runCli(target, ["analytics", "init", "--cluster", "nope"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/knows no cluster "nope" \(its remote_servers name: .+\)/);
    const ch = createClickHouse(url);
    const [row] = await ch.serverQuery<{ n: number }>(
      chSql`SELECT toUInt8(count()) AS n FROM system.databases WHERE name = ${lit.str(database)}`,
    );
    await ch.close();
    expect(row?.n).toBe(0);
  });

  it("status before init says to run init", async () => {
    const result = await runCli(target, ["analytics", "status"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /lacks the schema 0001_init: run `parcours analytics init` first/,
    );
  });

  it("init, seed, sync --once, then status shows no lag; a second init changes nothing", async () => {
    const init = await runCli(target, ["analytics", "init"], { env });
    expect(init).toMatchObject({ code: 0, stdout: "" });
    expect(init.stderr).toMatch(/Applied 0001_init/);
    expect((await runCli(target, ["db", "seed", "--customers", "300"])).code).toBe(0);

    const behind = await runCli(target, ["analytics", "status", "--json"], { env });
    expect(behind.code).toBe(0);
    const before = JSON.parse(behind.stdout) as { pendingEvents: number; copiedEvents: number };
    expect(before.copiedEvents).toBe(0);
    expect(before.pendingEvents).toBeGreaterThan(1000);

    const sync = await runCli(target, ["analytics", "sync", "--once", "--batch-rows", "1000"], {
      env,
    });
    expect(sync.code).toBe(0);
    expect(sync.stderr).toMatch(new RegExp(`Copied ${before.pendingEvents} events, 300 customer`));

    const after = await runCli(target, ["analytics", "status", "--json"], { env });
    expect(JSON.parse(after.stdout)).toMatchObject({
      pendingEvents: 0,
      pendingCustomers: 0,
      pendingChanges: 0,
      lagSeconds: 0,
      copiedEvents: before.pendingEvents,
    });
    const text = await runCli(target, ["analytics", "status"], { env });
    expect(text.stdout).toMatch(/lag:\s+none/);

    const again = await runCli(target, ["analytics", "init"], { env });
    expect(again.stderr).toMatch(/already up to date/);
  });

  it("with CLICKHOUSE_URL the metric commands answer from ClickHouse, the same as PostgreSQL's", async () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const period = [
      "--from",
      day(Date.now() - 360 * 86_400_000),
      "--to",
      day(Date.now() + 86_400_000),
    ];
    const commands = [
      ["kpis", ...period, "--json"],
      ["personas", ...period, "--json"],
      ["funnel", "--steps", "discovery,purchase", ...period, "--json"],
    ];
    for (const args of commands) {
      // One after the other: a PGlite folder opens in one process at a time.
      const onClickHouse = await runCli(target, args, { env });
      const onPostgres = await runCli(target, args, { env: { CLICKHOUSE_URL: "" } });
      expect({ args, code: onClickHouse.code, stderr: onClickHouse.stderr }).toEqual({
        args,
        code: 0,
        stderr: "",
      });
      expect(JSON.parse(onClickHouse.stdout)).toEqual(JSON.parse(onPostgres.stdout));
    }
  });

  it("the metric commands exit 1 saying ClickHouse is not answering when it is unreachable", async () => {
    const period = ["--from", "2020-01-01", "--to", "2020-02-01"];
    for (const args of [
      ["kpis", ...period],
      ["personas", ...period],
      ["heatmap", ...period],
      ["emotion", ...period],
      ["funnel", "--steps", "discovery,purchase", ...period],
    ]) {
      const result = await runCli(target, args, {
        env: { CLICKHOUSE_URL: `http://127.0.0.1:1/${database}` },
      });
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({
        args,
        code: 1,
        stdout: "",
      });
      expect(result.stderr).toMatch(
        /^parcours: ClickHouse is not answering at http:\/\/127\.0\.0\.1:1\/parcours_cli_\w+ \(connect ECONNREFUSED/,
      );
    }
  });

  it("exits 1 with a clear message when ClickHouse is unreachable", async () => {
    for (const command of [["status"], ["sync", "--once"], ["init"]]) {
      const result = await runCli(target, ["analytics", ...command], {
        env: { CLICKHOUSE_URL: `http://127.0.0.1:1/${database}` },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(
        /^parcours: ClickHouse is not answering at http:\/\/127\.0\.0\.1:1\/parcours_cli_\w+ \(connect ECONNREFUSED/,
      );
    }
  });
});
