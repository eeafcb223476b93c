import {
  type CohortSummary,
  countRuleCustomers,
  createCohortFromRule,
  getCohort,
  listCohorts,
  listUsers,
} from "@parcours/db/queries";
import { parseCohortRule, type TCohortRule, ZCohortNameSchema } from "@parcours/validators";
import type { Command } from "commander";
import { ZodError } from "zod";
import { printJson, UsageError, withDatabase } from "../context";
import { parseDate } from "../options";
import { table } from "../table";

interface CohortOptions {
  json?: boolean;
  name?: string;
  rule?: string;
  static?: boolean;
  from?: string;
  to?: string;
  owner?: string;
}

function ruleOf(text: string | undefined): TCohortRule {
  if (text === undefined) throw new UsageError("--rule is required (a JSON rule, see --help)");
  try {
    return parseCohortRule(text);
  } catch (error) {
    const problems =
      error instanceof ZodError
        ? error.issues.map((i) => `${i.path.join(".") || "rule"}: ${i.message}`).join("; ")
        : error instanceof Error
          ? error.message
          : String(error);
    throw new UsageError(`--rule: ${problems}`);
  }
}

function period(options: CohortOptions): { from: Date; to: Date } | undefined {
  if (options.from === undefined && options.to === undefined) return undefined;
  const from = parseDate(options.from, "from");
  const to = parseDate(options.to, "to");
  if (from.getTime() >= to.getTime()) throw new UsageError("--from must be before --to");
  return { from, to };
}

function describe(rule: TCohortRule | null): string {
  return rule ? JSON.stringify(rule.conditions) : "saved list";
}

function print(cohorts: CohortSummary[]): void {
  console.log(
    table(
      ["id", "name", "kind", "members", "owner", "created", "rule"],
      cohorts.map((c) => [
        c.id,
        c.name,
        c.kind,
        c.members ?? "by period",
        c.ownerName || c.ownerEmail,
        c.createdAt.toISOString().slice(0, 10),
        describe(c.rule),
      ]),
    ),
  );
}

const RULE_HELP = `a JSON rule, conditions ANDed, e.g.
  '{"conditions":[{"kind":"reachedStage","stage":"purchase"}]}'
  kinds: attribute (attribute, value), persona (persona), reachedStage (stage),
  touched (touchpoint, maxRating?), notReturned (days)`;

export function registerCohorts(program: Command): void {
  const cohorts = program
    .command("cohorts")
    .description("named groups of customers, a filter for every metric (--in-cohort ID)");
  cohorts
    .command("list")
    .description("every cohort")
    .option("--json", "print JSON only")
    .action((options: CohortOptions) =>
      withDatabase(async ({ db }) => {
        const all = await listCohorts(db);
        if (options.json) printJson(all);
        else if (all.length === 0) console.log("No cohorts yet: parcours cohorts create --help");
        else print(all);
      }),
    );
  cohorts
    .command("show <id>")
    .description("one cohort; with --from and --to, how many customers a dynamic one holds then")
    .option("--from <iso>", "period start, included")
    .option("--to <iso>", "period end, excluded")
    .option("--json", "print JSON only")
    .action((text: string, options: CohortOptions) => {
      const id = Number(text);
      if (!Number.isInteger(id) || id < 1) throw new UsageError(`"${text}" is not a cohort id`);
      const over = period(options);
      return withDatabase(async ({ db }) => {
        const cohort = await getCohort(db, id);
        const customers =
          cohort.kind === "static"
            ? cohort.members
            : over && cohort.rule
              ? await countRuleCustomers(db, cohort.rule, over)
              : null;
        if (options.json) {
          printJson({ ...cohort, customers });
          return;
        }
        print([cohort]);
        if (customers !== null) console.log(`${customers} customers`);
        else
          console.log("A dynamic cohort's customers depend on the period: pass --from and --to.");
      });
    });
  cohorts
    .command("create")
    .description("a cohort from a rule: dynamic (evaluated for each query's period) or --static")
    .requiredOption("--name <name>", "its name")
    .requiredOption("--rule <json>", RULE_HELP)
    .option("--static", "evaluate the rule once, over --from/--to, and keep its customers")
    .option("--from <iso>", "the period a static cohort's rule is evaluated over")
    .option("--to <iso>", "its end, excluded")
    .option("--owner <email>", "the owning user (default: the first admin)")
    .option("--json", "print JSON only")
    .action((options: CohortOptions) => {
      const name = ZCohortNameSchema.safeParse(options.name);
      if (!name.success) throw new UsageError(`--name: ${name.error.issues[0]?.message}`);
      const rule = ruleOf(options.rule);
      const over = period(options);
      if (options.static && !over) {
        throw new UsageError(
          "--static needs --from and --to: the period the rule is evaluated over",
        );
      }
      return withDatabase(async ({ db }) => {
        const users = await listUsers(db);
        const owner = options.owner
          ? users.find((u) => u.email === options.owner?.toLowerCase())
          : users.find((u) => u.role === "admin");
        if (!owner) {
          throw new UsageError(
            options.owner
              ? `--owner: no user ${options.owner}`
              : "no admin to own the cohort: pass --owner EMAIL (parcours users list)",
          );
        }
        const created = await createCohortFromRule(db, owner, {
          name: name.data,
          kind: options.static ? "static" : "dynamic",
          rule,
          ...(over ? { period: over } : {}),
        });
        if (options.json) printJson(created);
        else print([created]);
      });
    });
}
