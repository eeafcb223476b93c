import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

// Issue 20, item 17: the build warned "Dynamic filesystem access causes tracing of the whole
// project" (packages/db/src/client.ts, the ClickHouse migrations), and traced the app's own
// sources into the server output as files to deploy. The production build the other tests run
// against says what it traced in its .nft.json files.

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "web");
const next = join(web, ".next");

function nftFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "cache" ? [] : nftFiles(path);
    return entry.name.endsWith(".nft.json") ? [path] : [];
  });
}

test("[BUILD]: the server output traces no source file of the app", () => {
  const traces = nftFiles(next);
  expect(traces.length).toBeGreaterThan(0);
  const sources = new Set<string>();
  for (const trace of traces) {
    const { files } = JSON.parse(readFileSync(trace, "utf8")) as { files: string[] };
    for (const file of files) {
      const path = relative(web, resolve(dirname(trace), file));
      if (path.startsWith("src/")) sources.add(path);
    }
  }
  expect([...sources].sort()).toEqual([]);
});
