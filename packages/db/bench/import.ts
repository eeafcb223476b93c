import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { createDatabase, type DatabaseHandle, dropDatabase, migrateDatabase } from "../src/client";
import { seedCatalogue, seedDemo } from "../src/demo";
import { exportEvents, fileOutput, importEvents } from "../src/interchange";
import { BENCH_END } from "./targets";

/** A fresh, empty, migrated database with the demo catalogue, for import timings. */
async function freshDatabase(target: string, serverUrl: string | undefined) {
  let handle: DatabaseHandle;
  let drop = async () => {};
  if (target === "postgres" && serverUrl) {
    const name = `parcours_bench_import_${process.pid}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    handle = createDatabase({ url: url.toString() });
    drop = async () => {
      await dropDatabase(admin, name);
      await admin.end();
    };
  } else {
    handle = createDatabase();
  }
  await migrateDatabase(handle);
  await seedCatalogue(handle.db);
  return { handle, drop };
}

/**
 * CSV import throughput through the same pipeline as `parcours import`: demo events written to
 * a file, then imported into an empty database.
 */
export async function benchImport(
  target: string,
  serverUrl: string | undefined,
  rows: number,
  log: (line?: string) => void,
) {
  const dir = mkdtempSync(join(tmpdir(), "parcours-bench-"));
  const file = join(dir, "events.csv");
  try {
    // The source: a demo dataset of about `rows` events, exported in the interchange format.
    const source = createDatabase();
    await migrateDatabase(source);
    await seedDemo(source.db, { customers: Math.round(rows / 12.45), seed: 7, end: BENCH_END });
    const output = await fileOutput(file);
    const exported = await exportEvents(source.db, output, { format: "csv" });
    await output.close();
    await source.close();
    const size = statSync(file).size;

    const timings: number[] = [];
    let accepted = 0;
    for (let run = 0; run < 3; run++) {
      const { handle, drop } = await freshDatabase(target, serverUrl);
      const started = performance.now();
      const result = await importEvents(handle.db, {
        input: createReadStream(file),
        format: "csv",
      });
      timings.push(performance.now() - started);
      accepted = result.accepted;
      await handle.close();
      await drop();
    }
    timings.sort((a, b) => a - b);
    const medianMs = timings[1] ?? 0;
    const label = target === "postgres" ? "PostgreSQL" : "PGlite";
    log(
      `- CSV import into ${label}: ${accepted.toLocaleString("en")} of ${exported.toLocaleString("en")} events (${(size / 2 ** 20).toFixed(0)} MiB) in ${(medianMs / 1000).toFixed(1)} s, **${Math.round((accepted / medianMs) * 1000).toLocaleString("en")} events/s** (median of 3; target ≥ 50,000${target === "postgres" ? "" : " ÷ 3"}).`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The default demo seed (what `npm start` does on first start) into in-memory PGlite. */
export async function benchDefaultSeed(log: (line?: string) => void) {
  const handle = createDatabase();
  await migrateDatabase(handle);
  const started = performance.now();
  const result = await seedDemo(handle.db, { seed: 42, end: BENCH_END });
  const seconds = (performance.now() - started) / 1000;
  await handle.close();
  log(
    `- Default demo seed into PGlite: ${result.customers.toLocaleString("en")} customers, ${result.events.toLocaleString("en")} events in **${seconds.toFixed(1)} s** (target ≤ 60 s).`,
  );
}
