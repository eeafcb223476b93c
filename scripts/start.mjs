// `npm start`: install, build the production app, migrate and (on first start) seed the
// embedded database, then serve http://localhost:3000.
import { spawn } from "node:child_process";
import { pnpm, pnpmSpawnArgs, root, step } from "./pnpm.mjs";

const port = process.env.PORT ?? "3000";

step("Installing dependencies (pnpm, frozen lockfile)");
pnpm(["install", "--frozen-lockfile", "--prefer-offline", "--reporter=default"]);

step("Building the web app (cached after the first start)");
pnpm(["exec", "turbo", "run", "build", "--filter=@parcours/web", "--output-logs=errors-only"]);

step("Migrating the database and seeding demo data on first start");
pnpm(["parcours", "db", "migrate"]);
pnpm(["parcours", "db", "seed", "--if-empty"]);

step(`Starting Parcours on http://localhost:${port}`);
const [cmd, args] = pnpmSpawnArgs(["--filter", "@parcours/web", "start", "--port", port]);
const server = spawn(cmd, args, { cwd: root, stdio: ["inherit", "pipe", "inherit"] });
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
