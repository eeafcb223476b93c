import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";

/**
 * A PostgreSQL server of a test's own, in a temporary folder on a free port, that the test may
 * kill (-9) and start again: never the shared server other tests run on.
 */
export interface ThrowawayPostgres {
  /** The server's `postgres` database, as superuser (trust authentication, 127.0.0.1 only). */
  url: string;
  /** Starts the server (again) and waits until it takes queries. */
  start: () => Promise<void>;
  /** SIGKILL to the postmaster and every server process: a crash of the whole server. */
  crash: () => void;
  /**
   * SIGKILL to one client backend, one running an INSERT when there is one: the postmaster
   * then ends every other session and recovers by itself. False when no backend was found.
   */
  crashBackend: () => boolean;
  /** Waits until the server takes queries (after crash recovery). */
  ready: () => Promise<void>;
  /** Creates a database on the server and gives its URL. */
  createDatabase: (name: string) => Promise<string>;
  /** Stops the server and deletes its folder. */
  remove: () => Promise<void>;
}

/** Where the server binaries are: PARCOURS_PG_BIN, else the newest Debian PostgreSQL. */
export function postgresBinaries(): string | undefined {
  const candidates = process.env.PARCOURS_PG_BIN
    ? [process.env.PARCOURS_PG_BIN]
    : existsSync("/usr/lib/postgresql")
      ? readdirSync("/usr/lib/postgresql")
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : [];
  return candidates.find(
    (bin) => existsSync(join(bin, "postgres")) && existsSync(join(bin, "initdb")),
  );
}

/**
 * Why a throw-away server cannot run here, or undefined when it can. PostgreSQL refuses to run
 * as root, so root runs it as the `postgres` user through runuser.
 */
export function throwawayPostgresUnavailable(): string | undefined {
  if (!postgresBinaries()) {
    return "no PostgreSQL server binaries (looked in /usr/lib/postgresql/*/bin; set PARCOURS_PG_BIN)";
  }
  if (process.getuid?.() === 0) {
    if (!existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser")) {
      return "running as root without runuser to start PostgreSQL as another user";
    }
    try {
      execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
    } catch {
      return "running as root and there is no postgres user to run PostgreSQL as";
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Process ids whose parent is `parent`, read from /proc. */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces: fields start after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === parent) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error("no PostgreSQL server binaries");
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];

  const dir = mkdtempSync(join(tmpdir(), "parcours-throwaway-pg-"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const [initdb, initArgs] = run(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
    "--no-instructions",
  ]);
  execFileSync(initdb, initArgs, { stdio: ["ignore", "ignore", "pipe"] });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | undefined;
  let log = "";

  const postmasterPid = (): number | undefined => {
    try {
      const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };

  const ready = async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
      try {
        await probe`SELECT 1`;
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`the throw-away PostgreSQL did not come up: ${String(error)}\n${log}`);
        }
      } finally {
        await probe.end({ timeout: 1 });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const start = async () => {
    const previous = server;
    if (previous && previous.exitCode === null && previous.signalCode === null) {
      await new Promise((r) => previous.once("exit", r));
    }
    const [command, args] = run(join(bin, "postgres"), [
      "-D",
      data,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      // A kill -9 of server processes keeps what was written in the OS's cache: durability
      // against that needs no fsync, and skipping it keeps the test fast.
      "-c",
      "fsync=off",
      "-c",
      "shared_buffers=16MB",
      "-c",
      "max_connections=40",
    ]);
    server = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    server.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    await ready();
  };

  const crash = () => {
    const pid = postmasterPid();
    if (pid === undefined) return;
    const children = childrenOf(pid);
    kill(pid);
    for (const child of children) kill(child);
    // runuser (when root) is left to reap the postmaster and exit by itself: a postmaster that
    // nobody reaps stays a zombie, and its lock file then keeps the next one from starting.
  };

  const crashBackend = () => {
    const pid = postmasterPid();
    if (pid === undefined) return false;
    // Client backends name their user, database and client address in their title.
    const backends = childrenOf(pid)
      .map((p) => ({ pid: p, title: commandLine(p) }))
      .filter((b) => /postgres: postgres \S+ 127\.0\.0\.1/.test(b.title));
    const victim = backends.find((b) => b.title.includes("INSERT")) ?? backends[0];
    if (!victim) return false;
    kill(victim.pid);
    return true;
  };

  const remove = async () => {
    crash();
    const last = server;
    if (last && last.exitCode === null && last.signalCode === null) {
      await Promise.race([
        new Promise((r) => last.once("exit", r)),
        new Promise((r) => setTimeout(r, 5_000)),
      ]);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await start();
  } catch (error) {
    await remove();
    throw error;
  }
  const createDatabase = async (name: string) => {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return url.replace(/\/postgres$/, `/${name}`);
  };

  return { url, start, crash, crashBackend, ready, createDatabase, remove };
}
