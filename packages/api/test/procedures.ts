import type { Role } from "@parcours/auth";
import type { Database } from "@parcours/db";
import { createUser, type UserRow } from "@parcours/db/queries";
import { DAY, date } from "@parcours/db/testing";
import { TRPCError } from "@trpc/server";
import { createCaller, createTRPCContext, type RouterInputs } from "../src";

export const filter = { from: date(0), to: date(10 * DAY) };
export const steps = [
  { kind: "stage" as const, key: "discovery" },
  { kind: "stage" as const, key: "purchase" },
];

type In = RouterInputs;

export interface ProcedureSample {
  /**
   * The least role that may call it (roles are ordered viewer < manager < admin), or `public`
   * for share-link procedures, which take a token instead of a session.
   */
  access: Role | "public";
  /** A valid input, against a database prepared by `seedTestCatalogue` + `createTestUsers`. */
  input: unknown;
}

/**
 * Every procedure of the router, with who may call it and a valid input. The router tests fail
 * when the router gains a procedure that is missing here, so nothing ships without an
 * authorisation rule and a test.
 */
export const PROCEDURES: Record<string, ProcedureSample> = {
  "session.me": { access: "viewer", input: undefined },
  "catalogue.get": { access: "viewer", input: undefined },
  "cohorts.list": { access: "viewer", input: undefined },
  "cohorts.get": { access: "viewer", input: { id: 999 } satisfies In["cohorts"]["get"] },
  "cohorts.preview": {
    access: "manager",
    input: {
      rule: { conditions: [{ kind: "reachedStage", stage: "purchase" }] },
      period: filter,
    } satisfies In["cohorts"]["preview"],
  },
  "cohorts.createFromRule": {
    access: "manager",
    input: {
      name: "Buyers",
      kind: "dynamic",
      rule: { conditions: [{ kind: "reachedStage", stage: "purchase" }] },
    } satisfies In["cohorts"]["createFromRule"],
  },
  "cohorts.createFromList": {
    access: "manager",
    input: {
      name: "Customers",
      filter,
      source: { kind: "kpi", kpi: "customers" },
    } satisfies In["cohorts"]["createFromList"],
  },
  "cohorts.rename": {
    access: "manager",
    input: { id: 999, name: "Renamed" } satisfies In["cohorts"]["rename"],
  },
  "cohorts.delete": { access: "manager", input: { id: 999 } satisfies In["cohorts"]["delete"] },
  "dashboard.kpis": { access: "viewer", input: { filter } satisfies In["dashboard"]["kpis"] },
  "dashboard.kpiBreakdown": {
    access: "manager",
    input: {
      filter,
      breakdown: { kind: "attribute", key: "age", top: 3 },
    } satisfies In["dashboard"]["kpiBreakdown"],
  },
  "dashboard.funnel": {
    access: "viewer",
    input: { filter, steps } satisfies In["dashboard"]["funnel"],
  },
  "dashboard.personas": {
    access: "viewer",
    input: { filter } satisfies In["dashboard"]["personas"],
  },
  "dashboard.heatmap": {
    access: "viewer",
    input: { filter, windowSeconds: DAY } satisfies In["dashboard"]["heatmap"],
  },
  "dashboard.journeyMap": {
    access: "viewer",
    input: { filter, windowSeconds: DAY } satisfies In["dashboard"]["journeyMap"],
  },
  "dashboard.emotion": {
    access: "viewer",
    input: { filter } satisfies In["dashboard"]["emotion"],
  },
  "funnels.build": {
    access: "viewer",
    input: { filter, steps, breakdown: "persona" } satisfies In["funnels"]["build"],
  },
  "funnels.breakdown": {
    access: "manager",
    input: {
      filter,
      steps,
      breakdown: { kind: "attribute", key: "age", top: 3 },
    } satisfies In["funnels"]["breakdown"],
  },
  "funnels.breakdownKeys": { access: "manager", input: undefined },
  "funnels.times": {
    access: "viewer",
    input: { filter, steps, windowSeconds: DAY } satisfies In["funnels"]["times"],
  },
  "funnels.compare": {
    access: "viewer",
    input: {
      filter,
      steps,
      b: { kind: "segment", personas: ["young"] },
    } satisfies In["funnels"]["compare"],
  },
  "funnels.overTime": {
    access: "viewer",
    input: { filter, steps, bucket: "week" } satisfies In["funnels"]["overTime"],
  },
  "paths.observed": {
    access: "viewer",
    input: {
      filter,
      start: { kind: "stage", key: "discovery" },
      level: "touchpoint",
      steps: 2,
    } satisfies In["paths"]["observed"],
  },
  "paths.compare": {
    access: "viewer",
    input: {
      filter,
      start: { kind: "stage", key: "discovery" },
      groups: [
        { kind: "path", steps: ["purchase"] },
        { kind: "persona", persona: "young" },
      ],
    } satisfies In["paths"]["compare"],
  },
  "paths.designed": {
    access: "viewer",
    input: { filter, windowSeconds: DAY } satisfies In["paths"]["designed"],
  },
  "drivers.touchpoints": {
    access: "viewer",
    input: { filter } satisfies In["drivers"]["touchpoints"],
  },
  "retention.cohorts": {
    access: "viewer",
    input: { filter, cohort: "week", mode: "purchase" } satisfies In["retention"]["cohorts"],
  },
  "reviews.schedule.get": {
    access: "viewer",
    input: { viewId: 1 } satisfies In["reviews"]["schedule"]["get"],
  },
  "reviews.schedule.set": {
    access: "manager",
    input: {
      viewId: 1,
      cadence: "weekly",
      day: 1,
      hour: 9,
      timeZone: "Europe/Paris",
    } satisfies In["reviews"]["schedule"]["set"],
  },
  "reviews.schedule.remove": {
    access: "manager",
    input: { viewId: 1 } satisfies In["reviews"]["schedule"]["remove"],
  },
  "reviews.subscription.mine": {
    access: "viewer",
    input: { viewId: 1 } satisfies In["reviews"]["subscription"]["mine"],
  },
  "reviews.subscription.subscribe": {
    access: "viewer",
    input: { viewId: 1, email: true } satisfies In["reviews"]["subscription"]["subscribe"],
  },
  "reviews.subscription.unsubscribe": {
    access: "viewer",
    input: { viewId: 1 } satisfies In["reviews"]["subscription"]["unsubscribe"],
  },
  "reviews.webhooks.list": {
    access: "manager",
    input: { viewId: 1 } satisfies In["reviews"]["webhooks"]["list"],
  },
  "reviews.webhooks.create": {
    access: "manager",
    input: {
      viewId: 1,
      url: "https://example.com/hooks/parcours",
    } satisfies In["reviews"]["webhooks"]["create"],
  },
  "reviews.webhooks.delete": {
    access: "manager",
    input: { id: 999 } satisfies In["reviews"]["webhooks"]["delete"],
  },
  "reviews.reviewNow": {
    access: "manager",
    input: { viewId: 1 } satisfies In["reviews"]["reviewNow"],
  },
  "reviews.list": { access: "viewer", input: { viewId: 1 } satisfies In["reviews"]["list"] },
  "reviews.get": { access: "viewer", input: { reviewId: 999 } satisfies In["reviews"]["get"] },
  "reviews.inbox": {
    access: "viewer",
    input: { unreadOnly: true } satisfies In["reviews"]["inbox"],
  },
  "reviews.unreadCount": { access: "viewer", input: undefined },
  "reviews.markRead": {
    access: "viewer",
    input: { reviewId: 999 } satisfies In["reviews"]["markRead"],
  },
  "reviews.markAllRead": { access: "viewer", input: undefined },
  "customers.list": {
    access: "manager",
    input: {
      filter,
      source: { kind: "funnel", steps, step: 1, outcome: "dropped" },
    } satisfies In["customers"]["list"],
  },
  "customers.export": {
    access: "manager",
    input: {
      filter,
      source: { kind: "kpi", kpi: "customers" },
    } satisfies In["customers"]["export"],
  },
  "customers.timeline": {
    access: "manager",
    // Nobody has this id: a NOT_FOUND, which the access matrix counts as let through.
    input: { externalId: "nobody" } satisfies In["customers"]["timeline"],
  },
  "customers.search": {
    access: "manager",
    input: { prefix: "c" } satisfies In["customers"]["search"],
  },
  "customers.erase": {
    access: "admin",
    // Nobody has this id: a NOT_FOUND, which the access matrix counts as let through.
    input: { externalId: "nobody" } satisfies In["customers"]["erase"],
  },
  "customers.access": { access: "viewer", input: undefined },
  "customers.privacy": { access: "admin", input: undefined },
  "customers.setPrivacy": {
    access: "admin",
    // Off, as it starts: viewers stay refused for the rest of the matrix.
    input: { viewersSeeCustomers: false } satisfies In["customers"]["setPrivacy"],
  },
  "views.list": { access: "viewer", input: {} satisfies In["views"]["list"] },
  "views.get": { access: "viewer", input: { id: 1 } satisfies In["views"]["get"] },
  "views.journey": { access: "viewer", input: { id: 1 } satisfies In["views"]["journey"] },
  "views.commentCounts": {
    access: "manager",
    input: { id: 1 } satisfies In["views"]["commentCounts"],
  },
  "views.cellComments": {
    access: "manager",
    input: {
      id: 1,
      stage: "purchase",
      touchpoint: "checkout",
    } satisfies In["views"]["cellComments"],
  },
  "views.create": {
    access: "manager",
    input: {
      name: "Spring launch",
      period: { kind: "relative", days: 90 },
    } satisfies In["views"]["create"],
  },
  "views.update": {
    access: "manager",
    input: {
      id: 1,
      view: { name: "Spring launch", period: { kind: "relative", days: 30 } },
    } satisfies In["views"]["update"],
  },
  "views.duplicate": { access: "manager", input: { id: 1 } satisfies In["views"]["duplicate"] },
  "views.delete": { access: "manager", input: { id: 999 } satisfies In["views"]["delete"] },
  "views.shareLinks": { access: "manager", input: { id: 1 } satisfies In["views"]["shareLinks"] },
  "views.createShareLink": {
    access: "manager",
    input: { id: 1 } satisfies In["views"]["createShareLink"],
  },
  "views.revokeShareLink": {
    access: "manager",
    input: { id: 1 } satisfies In["views"]["revokeShareLink"],
  },
  "views.annotate": {
    access: "viewer",
    input: {
      viewId: 1,
      target: { kind: "stage", stage: "purchase" },
      body: "Checkout drop after the redesign?",
    } satisfies In["views"]["annotate"],
  },
  "views.setResolved": {
    access: "viewer",
    input: { id: 1, resolved: true } satisfies In["views"]["setResolved"],
  },
  "actions.list": {
    access: "viewer",
    input: { viewId: 1 } satisfies In["actions"]["list"],
  },
  "actions.owners": { access: "viewer", input: undefined },
  "actions.metricChoices": { access: "viewer", input: undefined },
  "actions.metrics": {
    access: "viewer",
    input: { viewId: 1 } satisfies In["actions"]["metrics"],
  },
  "actions.update": {
    access: "viewer",
    input: { id: 1, status: "planned" } satisfies In["actions"]["update"],
  },
  "shared.journey": {
    access: "public",
    input: { token: "x".repeat(43) } satisfies In["shared"]["journey"],
  },
  "shared.drivers": {
    access: "public",
    input: { token: "x".repeat(43) } satisfies In["shared"]["drivers"],
  },
  "shared.commentCounts": {
    access: "public",
    input: { token: "x".repeat(43) } satisfies In["shared"]["commentCounts"],
  },
  "shared.cellComments": {
    access: "public",
    input: {
      token: "x".repeat(43),
      stage: "purchase",
      touchpoint: "checkout",
    } satisfies In["shared"]["cellComments"],
  },
  "admin.users.list": { access: "admin", input: undefined },
  "admin.users.create": {
    access: "admin",
    input: {
      email: "new.user@example.com",
      role: "viewer",
    } satisfies In["admin"]["users"]["create"],
  },
  "admin.users.setRole": {
    access: "admin",
    input: { id: 2, role: "viewer" } satisfies In["admin"]["users"]["setRole"],
  },
  "admin.users.setDisabled": {
    access: "admin",
    input: { id: 3, disabled: true } satisfies In["admin"]["users"]["setDisabled"],
  },
  "admin.users.resetPassword": {
    access: "admin",
    input: { id: 3 } satisfies In["admin"]["users"]["resetPassword"],
  },
  "admin.audit.list": { access: "admin", input: {} satisfies In["admin"]["audit"]["list"] },
  "admin.audit.entityTypes": { access: "admin", input: undefined },
  "admin.apiKeys.list": { access: "admin", input: undefined },
  "admin.apiKeys.create": {
    access: "admin",
    input: { name: "Website tag" } satisfies In["admin"]["apiKeys"]["create"],
  },
  "admin.apiKeys.revoke": {
    access: "admin",
    input: { id: 1 } satisfies In["admin"]["apiKeys"]["revoke"],
  },
  "admin.personas.list": { access: "admin", input: undefined },
  "admin.personas.get": {
    access: "admin",
    input: { key: "young" } satisfies In["admin"]["personas"]["get"],
  },
  "admin.personas.attributes": { access: "admin", input: undefined },
  "personas.suggest": {
    access: "manager",
    input: { filter, k: 3 } satisfies In["personas"]["suggest"],
  },
  "admin.personas.preview": {
    access: "admin",
    input: {
      name: "Seniors",
      priority: 5,
      rules: { match: "all", conditions: [{ attribute: "age", operator: "gte", value: 60 }] },
    } satisfies In["admin"]["personas"]["preview"],
  },
  "admin.personas.create": {
    access: "admin",
    input: {
      name: "Seniors",
      colour: "#aa3300",
      priority: 5,
      rules: { match: "all", conditions: [{ attribute: "age", operator: "gte", value: 60 }] },
    } satisfies In["admin"]["personas"]["create"],
  },
  "admin.personas.update": {
    access: "admin",
    input: {
      key: "young",
      name: "Young",
      colour: "#2563eb",
      priority: 1,
      rules: { match: "all", conditions: [{ attribute: "age", operator: "lt", value: 30 }] },
    } satisfies In["admin"]["personas"]["update"],
  },
  "admin.personas.archive": {
    access: "admin",
    input: { key: "loyal" } satisfies In["admin"]["personas"]["archive"],
  },
  "admin.personas.restore": {
    access: "admin",
    input: { key: "loyal" } satisfies In["admin"]["personas"]["restore"],
  },
  "admin.catalogue.get": { access: "admin", input: undefined },
  "admin.catalogue.updateStage": {
    access: "admin",
    input: {
      key: "decision",
      name: "Decision",
      goal: "Choose",
    } satisfies In["admin"]["catalogue"]["updateStage"],
  },
  "admin.catalogue.setStageMetrics": {
    access: "admin",
    input: {
      stage: "discovery",
      metrics: [
        {
          key: "visits",
          name: "Visits",
          kind: "events",
          of: { touchpoints: ["ads"], types: ["view"] },
          target: { op: "gte", value: 1 },
        },
      ],
    } satisfies In["admin"]["catalogue"]["setStageMetrics"],
  },
  "admin.catalogue.reorderStages": {
    access: "admin",
    input: {
      keys: ["discovery", "consideration", "decision", "purchase", "after_sales", "loyalty"],
    } satisfies In["admin"]["catalogue"]["reorderStages"],
  },
  "admin.catalogue.previewReorder": {
    access: "admin",
    input: {
      keys: ["discovery", "decision", "consideration", "purchase", "after_sales", "loyalty"],
    } satisfies In["admin"]["catalogue"]["previewReorder"],
  },
  "admin.catalogue.previewConversionStage": {
    access: "admin",
    input: { key: "loyalty" } satisfies In["admin"]["catalogue"]["previewConversionStage"],
  },
  "admin.catalogue.setConversionStage": {
    access: "admin",
    // The current one: the call succeeds and leaves the catalogue as the other samples expect.
    input: { key: "purchase" } satisfies In["admin"]["catalogue"]["setConversionStage"],
  },
  "admin.catalogue.previewTouchpoint": {
    access: "admin",
    input: {
      key: "app",
      stage: "decision",
    } satisfies In["admin"]["catalogue"]["previewTouchpoint"],
  },
  "admin.catalogue.updateTouchpoint": {
    access: "admin",
    input: {
      key: "app",
      name: "Mobile app",
    } satisfies In["admin"]["catalogue"]["updateTouchpoint"],
  },
  "admin.catalogue.createTouchpoint": {
    access: "admin",
    input: {
      key: "kiosk",
      name: "Kiosk",
      channel: "store",
      stage: "decision",
    } satisfies In["admin"]["catalogue"]["createTouchpoint"],
  },
  "admin.segment.mappings": { access: "admin", input: undefined },
  "admin.segment.unmapped": { access: "admin", input: undefined },
  "admin.segment.setMapping": {
    access: "admin",
    input: {
      eventName: "Gift Wrapping Chosen",
      touchpoint: "checkout",
      type: "option",
    } satisfies In["admin"]["segment"]["setMapping"],
  },
  "admin.segment.deleteMapping": {
    access: "admin",
    input: { eventName: "Gift Wrapping Chosen" } satisfies In["admin"]["segment"]["deleteMapping"],
  },
  "admin.ingestion.settings": { access: "admin", input: undefined },
  "admin.ingestion.setSettings": {
    access: "admin",
    input: { autoCreateTouchpoints: false } satisfies In["admin"]["ingestion"]["setSettings"],
  },
  "admin.spend.list": { access: "admin", input: undefined },
  "admin.spend.import": {
    access: "admin",
    input: {
      csv: "date,channel,amount\n2021-01-04,web,12.50",
    } satisfies In["admin"]["spend"]["import"],
  },
  "admin.spend.delete": {
    access: "admin",
    input: { from: "2021-01-01", to: "2021-02-01" } satisfies In["admin"]["spend"]["delete"],
  },
};

export type TestUsers = Record<Role, UserRow>;

/**
 * One user per role, created in this order on a fresh database so that their ids are fixed:
 * admin 1, manager 2, viewer 3 (the samples above rely on it).
 */
export async function createTestUsers(db: Database): Promise<TestUsers> {
  const make = (role: Role) =>
    createUser(
      db,
      { id: null, email: "test" },
      {
        email: `${role}@example.com`,
        name: role,
        role,
        passwordHash: "not-a-real-hash",
      },
    );
  const admin = await make("admin");
  const manager = await make("manager");
  const viewer = await make("viewer");
  return { admin, manager, viewer };
}

export type Caller = ReturnType<typeof createCaller>;

/** A caller as `user` (or anonymous), the way the route handler builds one. */
export async function callerAs(db: Database, user: UserRow | null): Promise<Caller> {
  return createCaller(await createTRPCContext({ db, headers: new Headers(), user }));
}

export function procedureAt(caller: Caller, path: string): (input: unknown) => Promise<unknown> {
  let node: unknown = caller;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as (input: unknown) => Promise<unknown>;
}

/** "OK", or the tRPC code a call was refused with (any other error says what it was). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

/** A call's tRPC error as code and message ({ code: "OK" } when it succeeded). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
    return { code: "OK", message: "" };
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    return { code: `not a TRPCError: ${String(error)}`, message: "" };
  }
}

/** A call that must be refused: its tRPC error's code and message (throws if it succeeded). */
export async function refusal(promise: Promise<unknown>): Promise<[string, string]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return [error.code, error.message];
    throw error;
  }
  throw new Error("the call succeeded");
}
