#!/usr/bin/env node
// `pnpm parcours …`: runs the built CLI (dist/), building it first when a source changed since
// the last build, so that what runs is always the code as it is now. The check stats the
// files the last build read (milliseconds); a build takes about a second.
import { pathToFileURL } from "node:url";
import { ensureBuilt, outfile } from "../build.mjs";

await ensureBuilt(() =>
  process.stderr.write("parcours: building the CLI (its sources changed since the last build)\n"),
);
await import(pathToFileURL(outfile).href);
