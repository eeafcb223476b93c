import { type UserRow, upsertCustomers } from "@parcours/db/queries";
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
  let viewer: UserRow;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    ({ admin, viewer } = await createTestUsers(t.db));
  });
  afterAll(() => t.close());

  async function call(path: string, input: unknown, method: "GET" | "POST", user = admin) {
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
      createContext: ({ req }) => createTRPCContext({ headers: req.headers, db: t.db, user }),
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

  it("codes the editors' refusals: not found, already exists, a stage order", async () => {
    const missing = await call(
      "admin.catalogue.updateStage",
      { key: "nirvana", name: "Nirvana", goal: "", actions: [] },
      "POST",
    );
    expect(missing.status).toBe(404);
    expect(missing.error.message).toBe("no stage with the key nirvana");
    expect(missing.error.data.coded).toEqual({
      code: "notFound",
      params: { what: "stage", by: "key", key: "nirvana" },
    });
    expect(
      formatMessage("fr", { code: "notFound", params: { what: "stage", by: "key", key: "x" } }),
    ).toBe("aucune étape avec la clé x");

    const order = await call(
      "admin.catalogue.reorderStages",
      { keys: ["purchase", "limbo"] },
      "POST",
    );
    expect(order.status).toBe(400);
    expect(order.error.data.coded?.code).toBe("stageOrderInvalid");
    expect(order.error.message).toBe(
      "the new order must list every stage exactly once (missing: discovery, consideration, decision, after_sales, loyalty; unknown: limbo)",
    );
    const only = { missing: "none", unknown: "none", repeated: "a" };
    expect(formatMessage("en", { code: "stageOrderInvalid", params: only })).toBe(
      "the new order must list every stage exactly once (repeated: a)",
    );
    expect(
      formatMessage("fr", { code: "stageOrderInvalid", params: { ...only, unknown: "b" } }),
    ).toBe(
      "le nouvel ordre doit citer chaque étape une seule fois (inconnues\u00a0: b\u202f; répétées\u00a0: a)",
    );
  });

  it("codes each of several problems found together, as invalid input's are", async () => {
    await upsertCustomers(t.db, [{ externalId: "coded-a", attributes: { age: 30, member: true } }]);
    const rules = {
      match: "all",
      conditions: [
        { attribute: "age", operator: "gt", value: "banana" },
        { attribute: "member", operator: "gt", value: true },
      ],
    };
    const { status, error } = await call(
      "admin.personas.create",
      { name: "Banana", colour: "#aa3300", priority: 5, rules },
      "POST",
    );
    expect(status).toBe(400);
    expect(error.data.coded).toBeNull();
    expect(error.data.issues).toEqual([
      {
        path: [],
        message: {
          code: "ruleNotANumber",
          params: { position: 1, attribute: "age", value: "banana" },
        },
      },
      {
        path: [],
        message: { code: "ruleBooleanOrdered", params: { position: 2, attribute: "member" } },
      },
    ]);
  });

  it("codes unknown keys, a missing role, and sign-in", async () => {
    const unknown = await call(
      "funnels.build",
      {
        filter,
        steps: [
          { kind: "stage", key: "discovery" },
          { kind: "stage", key: "limbo" },
        ],
      },
      "GET",
    );
    expect(unknown.status).toBe(400);
    expect(unknown.error.data.coded).toEqual({
      code: "unknownKeys",
      params: { kind: "stage", count: 1, keys: "limbo" },
    });
    expect(
      formatMessage("fr", {
        code: "unknownKeys",
        params: { kind: "stage", count: 2, keys: "a, b" },
      }),
    ).toBe("étapes inconnues\u00a0: a, b");

    const forbidden = await call("admin.users.list", undefined, "GET", viewer);
    expect(forbidden.status).toBe(403);
    expect(forbidden.error.message).toBe("this needs the admin role");
    expect(forbidden.error.data.coded).toEqual({ code: "needsRole", params: { role: "admin" } });
    expect(formatMessage("fr", { code: "needsRole", params: { role: "admin" } })).toBe(
      "cette action demande le rôle administrateur",
    );
  });
});
