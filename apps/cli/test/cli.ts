import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, dropDatabase, migrateDatabase } from "@parcours/db";
import { seedCatalogue } from "@parcours/db/demo";
import postgres from "postgres";

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
// The build, as `pnpm parcours` runs it (test/global-setup.mjs builds it when stale).
const entry = join(cliRoot, "dist", "index.js");
const repoRoot = join(cliRoot, "..", "..");

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
      await dropDatabase(admin, db);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Gives a fresh target the demo catalogue and nothing else, without going through the CLI. */
export async function seedCatalogueOnly(target: CliTarget): Promise<void> {
  const handle = createDatabase({
    url: target.env.DATABASE_URL || undefined,
    dataDir: target.env.PARCOURS_DATA_DIR,
  });
  try {
    await migrateDatabase(handle);
    await seedCatalogue(handle.db);
  } finally {
    await handle.close();
  }
}

export interface RunOptions {
  /** Where the user ran `pnpm parcours` (INIT_CWD); null runs without INIT_CWD, from target.dir. */
  initCwd?: string | null;
  env?: Record<string, string>;
  /** Written to the command's stdin, which is then closed (stdin is empty otherwise). */
  input?: string;
}

/**
 * Runs the CLI as `pnpm parcours` would: from the repository's root, with INIT_CWD set to the
 * user's folder.
 */
export function runCli(
  target: CliTarget,
  args: string[],
  options: RunOptions = {},
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env, ...options.env };
  if (options.initCwd === null) delete env.INIT_CWD;
  else env.INIT_CWD = options.initCwd ?? target.dir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: options.initCwd === null ? target.dir : repoRoot,
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdin.end(options.input ?? "");
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
