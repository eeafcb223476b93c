// Starts the production web app on its own throwaway PGlite database, seeded with demo data:
// the server Playwright tests (and the web benchmark) run against. Stops it and removes the
// database folder on SIGINT/SIGTERM.
//
// Env: E2E_PORT (3200), E2E_CUSTOMERS (3000), E2E_SEED (11).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const webDir = join(root, "apps", "web");
const cliDir = join(root, "apps", "cli");
const port = process.env.E2E_PORT ?? "3200";
const customers = process.env.E2E_CUSTOMERS ?? "3000";
const seed = process.env.E2E_SEED ?? "11";

function fail(message) {
  console.error(`\n✗ e2e server: ${message}\n`);
  process.exit(1);
}

if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
  fail(
    "apps/web/.next has no production build: run `pnpm --filter @parcours/web build` first " +
      "(or `pnpm turbo run test --filter=@parcours/e2e`, which builds it).",
  );
}
const nextBin = join(webDir, "node_modules", ".bin", "next");
if (!existsSync(nextBin)) fail("apps/web/node_modules/.bin/next is missing: run `pnpm install`.");

const dataDir = mkdtempSync(join(tmpdir(), "parcours-e2e-"));
// CI sets DATABASE_URL for the PostgreSQL suites; this server keeps to its own PGlite folder.
const { DATABASE_URL: _ignored, ...inherited } = process.env;
const env = {
  ...inherited,
  PARCOURS_DATA_DIR: dataDir,
  NODE_ENV: "production",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
};

/** The accounts the tests sign in with (tests/helpers/auth.ts has the same list). */
const USERS = [
  ["admin@parcours.test", "admin", "e2e-admin-password"],
  ["manager@parcours.test", "manager", "e2e-manager-password"],
  ["viewer@parcours.test", "viewer", "e2e-viewer-password"],
];

let removed = false;
function removeData() {
  if (removed) return;
  removed = true;
  rmSync(dataDir, { recursive: true, force: true });
}

const started = Date.now();
// PGlite allows one process per folder: seed, let the CLI exit, then start the server.
const seeded = spawnSync(
  process.execPath,
  // English names whatever the machine's locale: the tests compare pages with the English demo.
  [
    // The built CLI, as `pnpm parcours` runs it (rebuilt first when a source changed).
    "bin/parcours.mjs",
    "db",
    "seed",
    "--customers",
    customers,
    "--seed",
    seed,
    "--locale",
    "en",
  ],
  { cwd: cliDir, env, stdio: ["ignore", "inherit", "inherit"] },
);
if (seeded.status !== 0) {
  removeData();
  fail(`seeding the demo data failed (exit ${seeded.status ?? seeded.signal}).`);
}
for (const [email, role, password] of USERS) {
  const created = spawnSync(
    process.execPath,
    ["bin/parcours.mjs", "users", "create", "--email", email, "--role", role, "--password-stdin"],
    { cwd: cliDir, env, input: password, stdio: ["pipe", "inherit", "inherit"] },
  );
  if (created.status !== 0) {
    removeData();
    fail(`creating the user ${email} failed (exit ${created.status ?? created.signal}).`);
  }
}
console.log(
  `e2e server: seeded ${customers} customers and ${USERS.length} users in ${Date.now() - started} ms (${dataDir})`,
);

const server = spawn(nextBin, ["start", "--port", port, "--hostname", "127.0.0.1"], {
  cwd: webDir,
  env,
  stdio: ["ignore", "inherit", "inherit"],
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  else finish(0);
}
function finish(code) {
  removeData();
  process.exit(code);
}
server.on("exit", (code, signal) => {
  finish(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
server.on("error", (error) => {
  console.error(error);
  finish(1);
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
process.on("exit", removeData);
