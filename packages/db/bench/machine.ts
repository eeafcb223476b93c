import { cpus, totalmem } from "node:os";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../src/client";

export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node.js ${process.version}, ${process.platform}`;
}

export async function serverVersion(db: Database): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    db,
    sql`SELECT split_part(version(), ' on ', 1) AS v`,
  );
  return row?.v ?? "unknown";
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs fn once to warm caches, then `runs` times; returns the timings in ms. */
export async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}
