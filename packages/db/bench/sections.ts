import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** Replaces one benchmark's section of docs/benchmarks.md, leaving the other sections. */
export function writeSection(path: string, name: string, body: string) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const current = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const section = `${start}\n${body}\n${end}`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
