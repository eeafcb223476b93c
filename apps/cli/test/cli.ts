import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(cliRoot, "src", "index.ts");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliTarget {
  name: "pglite" | "postgres";
  env: Record<string, string>;
  dir: string;
  cleanup: () => Promise<void>;
}

/** A fresh database for the CLI: a PGlite folder, or a throw-away PostgreSQL database. */
export async function cliTarget(name: "pglite" | "postgres"): Promise<CliTarget> {
  const dir = mkdtempSync(join(tmpdir(), "parcours-cli-"));
  if (name === "pglite") {
    return {
      name,
      dir,
      env: { PARCOURS_DATA_DIR: join(dir, "pglite"), DATABASE_URL: "" },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const db = `parcours_cli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${db}`);
  const target = new URL(url);
  target.pathname = `/${db}`;
  return {
    name,
    dir,
    env: { DATABASE_URL: target.toString() },
    cleanup: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CLI_TARGETS: ("pglite" | "postgres")[] = process.env.DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

export function runCli(target: CliTarget, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
      cwd: cliRoot,
      env: { ...process.env, ...target.env, INIT_CWD: target.dir },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
