/**
 * A sync process for crash.test.ts to kill -9. Arguments: the database (a PostgreSQL URL or a
 * PGlite folder), the ClickHouse URL, the batch size, and the mode:
 * - `run`: a plain sync; prints COPYING once the first batch is in, then goes on to the end.
 * - `stall`: like `run`, but the third events batch sends half its body and then stalls,
 *   printing MID-BATCH: the process dies in the middle of an insert.
 */
import { request } from "node:http";
import { createClickHouse, parseClickHouseUrl } from "../../src/analytics/clickhouse/client";
import { syncToClickHouse } from "../../src/analytics/clickhouse/sync";
import { createDatabase } from "../../src/client";

const [database, url, batch, mode] = process.argv.slice(2);
if (!database || !url || !batch || (mode !== "run" && mode !== "stall")) {
  throw new Error("usage: crash-child <database> <clickhouse-url> <batch-rows> run|stall");
}
const handle = database.startsWith("postgres")
  ? createDatabase({ url: database, maxConnections: 2 })
  : createDatabase({ dataDir: database });
const ch = createClickHouse(url);

let eventBatches = 0;
const stalling = {
  ...ch,
  insertCsv: async (table: string, columns: readonly string[], body: string) => {
    if (mode === "stall" && table === "events" && ++eventBatches === 3) {
      const { server, database: db } = parseClickHouseUrl(url);
      const target = new URL(server);
      target.searchParams.set("database", db);
      target.searchParams.set("query", `INSERT INTO events (${columns.join(", ")}) FORMAT CSV`);
      const req = request(target, { method: "POST", headers: { "Transfer-Encoding": "chunked" } });
      req.on("error", () => {});
      req.write(body.slice(0, Math.floor(body.length / 2)), () => {
        // Give the server time to read what was sent, then report: the parent kills us now.
        setTimeout(() => process.stdout.write("MID-BATCH\n"), 300);
      });
      await new Promise(() => {});
    }
    return ch.insertCsv(table, columns, body);
  },
};

let copying = false;
const result = await syncToClickHouse(handle.db, stalling, {
  batchRows: Number(batch),
  onProgress: (p) => {
    if (!copying && p.events > 0) process.stdout.write("COPYING\n");
    copying ||= p.events > 0;
  },
});
process.stdout.write(`DONE ${result.events}\n`);
await ch.close();
await handle.close();
