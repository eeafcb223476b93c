import { generatePassword, hashPassword, passwordProblem } from "@parcours/auth";
import {
  countUsers,
  createUser,
  findUserForSignIn,
  listUsers,
  resetUserPassword,
} from "@parcours/db/queries";
import { type Role, ZEmailSchema, ZRoleSchema } from "@parcours/validators";
import type { Command } from "commander";
import type { z } from "zod";
import { cliActor, note, printJson, UsageError, withDatabase } from "../context";
import { readEnv } from "../env";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  // One trailing newline is the shell's, not the password's.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let value = "";
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return done();
        if (char === "\u0003") return done(new Error("cancelled"));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
  });
}

async function readNewPassword(options: { passwordStdin?: boolean }): Promise<string> {
  let password: string;
  if (options.passwordStdin) {
    password = await readStdin();
  } else if (process.stdin.isTTY) {
    password = await promptHidden("Password: ");
    const again = await promptHidden("Password again: ");
    if (again !== password) throw new UsageError("the two passwords differ");
  } else {
    throw new UsageError("no password: pass --password-stdin, or run in a terminal to be prompted");
  }
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(problem);
  return password;
}

function parseOrUsage<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`${flag}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  return parsed.data;
}

const DEMO_ROLES: Role[] = ["admin", "manager", "viewer"];

export function registerUsers(program: Command): void {
  const users = program.command("users").description("people who sign in to the web app");

  users
    .command("create")
    .description("add a user (password from a prompt, or from stdin with --password-stdin)")
    .requiredOption("--email <email>", "their email, used to sign in")
    .requiredOption("--role <role>", "admin, manager or viewer")
    .option("--name <name>", "their name, as shown in the app", "")
    .option("--password-stdin", "read the password from stdin (for scripts)")
    .option("--json", "print the created user as JSON")
    .action(
      async (options: {
        email: string;
        role: string;
        name: string;
        passwordStdin?: boolean;
        json?: boolean;
      }) => {
        const email = parseOrUsage(ZEmailSchema, options.email, "--email");
        const role = parseOrUsage(ZRoleSchema, options.role, "--role");
        const password = await readNewPassword(options);
        const passwordHash = await hashPassword(password);
        await withDatabase(async ({ db }) => {
          const user = await createUser(db, cliActor(), {
            email,
            name: options.name,
            role,
            passwordHash,
          });
          if (options.json) printJson({ id: user.id, email: user.email, role: user.role });
          else note(`Created ${user.email} (${user.role}).`);
        });
      },
    );

  users
    .command("reset-password")
    .description("set a new password (ends the user's sessions)")
    .requiredOption("--email <email>", "the user's email")
    .option("--password-stdin", "read the password from stdin (for scripts)")
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      const email = parseOrUsage(ZEmailSchema, options.email, "--email");
      const password = await readNewPassword(options);
      const passwordHash = await hashPassword(password);
      await withDatabase(async ({ db }) => {
        const user = await findUserForSignIn(db, email);
        if (!user) throw new Error(`no user with the email ${email}`);
        await resetUserPassword(db, cliActor(), user.id, passwordHash);
        note(`New password set for ${email}; their sessions have ended.`);
      });
    });

  users
    .command("list")
    .description("list users")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) =>
      withDatabase(async ({ db }) => {
        const rows = await listUsers(db);
        if (options.json) {
          printJson(
            rows.map((u) => ({
              id: u.id,
              email: u.email,
              name: u.name,
              role: u.role,
              disabled: u.disabledAt !== null,
              lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
            })),
          );
          return;
        }
        if (rows.length === 0) note("No users yet: add one with `pnpm parcours users create`.");
        for (const u of rows) {
          process.stdout.write(`${u.email}\t${u.role}${u.disabledAt ? "\tdisabled" : ""}\n`);
        }
      }),
    );

  users
    .command("demo")
    .description(
      "on the embedded database with no users yet: create one demo user per role and print their passwords once",
    )
    .action(() => {
      if (readEnv().DATABASE_URL) {
        note("DATABASE_URL is set: no demo users. Add users with `pnpm parcours users create`.");
        return;
      }
      return withDatabase(async ({ db }) => {
        if ((await countUsers(db)) > 0) {
          note("Users already exist: no demo users created.");
          return;
        }
        const created: { email: string; role: Role; password: string }[] = [];
        for (const role of DEMO_ROLES) {
          const password = generatePassword();
          const email = `${role}@parcours.local`;
          await createUser(db, cliActor(), {
            email,
            name: `Demo ${role}`,
            role,
            passwordHash: await hashPassword(password),
          });
          created.push({ email, role, password });
        }
        const lines = created.map(
          (u) => `    ${u.role.padEnd(8)} ${u.email.padEnd(26)} ${u.password}`,
        );
        process.stdout.write(
          [
            "",
            "  Demo accounts (shown this once; only their hashes are stored):",
            ...lines,
            "  Reset one with `pnpm parcours users reset-password --email …`.",
            "",
            "",
          ].join("\n"),
        );
      });
    });
}
