import type { UserRow } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { formatMessage } from "@parcours/validators";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createTRPCContext } from "../src";
import { createTestUsers, filter, steps } from "./procedures";

/** An error's JSON, as the browser's tRPC client reads it. */
interface TErrorBody {
  message: string;
  data: {
    code: string;
    coded: { code: string; params?: Record<string, unknown> } | null;
    issues: { path: (string | number)[]; message: { code: string; params?: object } }[] | null;
  };
}

describe.each(TEST_TARGETS)("errors by code on %s", (target) => {
  let t: TestDatabase;
  let admin: UserRow;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    admin = (await createTestUsers(t.db)).admin;
  });
  afterAll(() => t.close());

  async function call(path: string, input: unknown, method: "GET" | "POST") {
    const serialized = JSON.stringify(superjson.serialize(input));
    const url = `http://localhost/api/trpc/${path}`;
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req:
        method === "GET"
          ? new Request(`${url}?input=${encodeURIComponent(serialized)}`)
          : new Request(url, {
              method: "POST",
              body: serialized,
              headers: { "content-type": "application/json" },
            }),
      createContext: ({ req }) =>
        createTRPCContext({ headers: req.headers, db: t.db, user: admin }),
    });
    const body = (await response.json()) as { error?: Parameters<typeof superjson.deserialize>[0] };
    const error = body.error ? superjson.deserialize<TErrorBody>(body.error) : null;
    return { status: response.status, error: error as TErrorBody };
  }

  it("gives each invalid field's message by code, and English text for API clients", async () => {
    const { status, error } = await call(
      "admin.users.create",
      { email: "not-an-email", role: "viewer", password: "short" },
      "POST",
    );
    expect(status).toBe(400);
    expect(error.data.issues).toEqual(
      expect.arrayContaining([
        { path: ["email"], message: { code: "invalidEmail" } },
        { path: ["password"], message: { code: "tooShort", params: { minimum: 12 } } },
      ]),
    );
    expect(error.message).toContain("email: enter a valid email address");
  });

  it("codes a refinement's message, with its parameters", async () => {
    const { error } = await call(
      "dashboard.funnel",
      { filter: { from: filter.to, to: filter.from }, steps },
      "GET",
    );
    expect(error.data.issues).toContainEqual({
      path: ["filter", "to"],
      message: { code: "fromBeforeTo" },
    });
    const tooLong = await call(
      "dashboard.kpis",
      { filter: { from: new Date("2000-01-01"), to: new Date("2020-01-01") } },
      "GET",
    );
    const issue = tooLong.error.data.issues?.find((i) => i.path.join(".") === "filter.to");
    expect(issue?.message).toEqual({ code: "periodTooLong", params: { max: 3660 } });
    expect(formatMessage("fr", { code: "periodTooLong", params: { max: 3660 } })).toBe(
      "une période couvre au plus 3\u202f660 jours (environ 10 ans)",
    );
  });

  it("codes a refusal of the data layer, and keeps its English message", async () => {
    const input = { email: "twice@example.com", role: "viewer", password: "a-long-password" };
    expect((await call("admin.users.create", input, "POST")).status).toBe(200);
    const { status, error } = await call("admin.users.create", input, "POST");
    expect(status).toBe(409);
    expect(error.message).toBe("a user with the email twice@example.com already exists");
    expect(error.data.coded).toEqual({
      code: "userEmailTaken",
      params: { email: "twice@example.com" },
    });
    expect(formatMessage("fr", { code: "userEmailTaken", params: { email: "x@y.fr" } })).toBe(
      "un utilisateur a déjà l’adresse x@y.fr",
    );
  });
});
