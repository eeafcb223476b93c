import { readFileSync, writeFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const DOC_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "docs",
  "benchmarks.md",
);

/** Replaces the block between `<!-- name:start -->` and `<!-- name:end -->`, or appends it. */
export function writeSection(name: string, section: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let doc = "";
  try {
    doc = readFileSync(DOC_PATH, "utf8");
  } catch {
    doc = "# Benchmarks\n";
  }
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  const block = `${start}\n${section.trim()}\n${end}`;
  const next =
    from !== -1 && to > from
      ? doc.slice(0, from) + block + doc.slice(to + end.length)
      : `${doc.replace(/\s*$/, "")}\n\n${block}\n`;
  writeFileSync(DOC_PATH, next);
}

export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${platform()} ${release()}, Node.js ${process.version}`;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (rank - low);
}

export const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
