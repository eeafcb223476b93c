// The tests run the built CLI (dist/), as `pnpm parcours` does, so it is built first when a
// source changed since the last build: a stale build is never what they test.
import { ensureBuilt } from "../build.mjs";

export default async function setup() {
  await ensureBuilt();
}
