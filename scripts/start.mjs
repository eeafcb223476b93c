// `npm start`: install, build the production app, migrate and (on first start) seed the
// embedded database, then serve http://localhost:3000.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pnpm, pnpmSpawnArgs, pnpmWithHeartbeat, root, step } from "./pnpm.mjs";

const port = process.env.PORT ?? "3000";

step("Installing dependencies (pnpm, frozen lockfile)");
pnpm(["install", "--frozen-lockfile", "--prefer-offline", "--reporter=default"]);

step("Building the web app and the CLI (a few minutes the first time; cached after that)");
// Next.js's own progress is shown when the build runs (new-only: a cached build stays quiet),
// and a line every 20 s covers its long compilation step, which prints nothing.
await pnpmWithHeartbeat(
  [
    "exec",
    "turbo",
    "run",
    "build",
    "--filter=@parcours/web",
    "--filter=@parcours/cli",
    "--output-logs=new-only",
  ],
  { label: "building the web app and the CLI" },
);

step("Migrating the database and seeding demo data on first start");
pnpm(["parcours", "db", "migrate"]);
pnpm(["parcours", "db", "seed", "--if-empty"]);
// On the embedded database without users: one demo account per role, passwords printed once.
pnpm(["parcours", "users", "demo"]);

/**
 * Session cookies are signed with AUTH_SECRET: generated on first start and kept next to the
 * embedded database, so that sessions survive a restart.
 */
function authSecret() {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const dir = join(root, ".data");
  const file = join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

step(`Starting Parcours on http://localhost:${port}`);
const [cmd, args] = pnpmSpawnArgs(["--filter", "@parcours/web", "start", "--port", port]);
const server = spawn(cmd, args, {
  cwd: root,
  stdio: ["inherit", "pipe", "inherit"],
  env: { ...process.env, AUTH_SECRET: authSecret() },
});
let announced = false;
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /ready|started|Local:/i.test(String(chunk))) {
    announced = true;
    console.log(`\n  Parcours is running: http://localhost:${port}\n  (Ctrl+C to stop)\n`);
  }
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code) => process.exit(code ?? 0));
