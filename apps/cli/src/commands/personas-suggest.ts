import type { PersonaSuggestions } from "@parcours/db/metrics";
import {
  SUGGEST_MAX_K,
  SUGGEST_MAX_SAMPLE,
  SUGGEST_MIN_K,
  SUGGEST_MIN_SAMPLE,
  type TPersonaCondition,
} from "@parcours/validators";
import type { Command } from "commander";
import { printJson, UsageError, withMetrics } from "../context";
import { parseFilter } from "../options";
import { dec, pct, table } from "../table";
import type { AnalyticsOptions } from "./with-filters";

type SuggestOptions = AnalyticsOptions & { k?: string; sample?: string; seed?: string };

function whole(flag: string, text: string | undefined, min: number, max: number) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} "${text}" must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function conditionText(c: TPersonaCondition): string {
  const value = Array.isArray(c.value) ? c.value.join(", ") : c.value;
  return value === undefined
    ? `${c.attribute} ${c.operator}`
    : `${c.attribute} ${c.operator} ${value}`;
}

function printSuggestions(s: PersonaSuggestions): void {
  if (s.suggestions.length === 0) {
    console.log(`${s.totalCustomers} active customers: too few to suggest personas (at least 10).`);
    return;
  }
  const chosen = s.silhouettes.find((x) => x.k === s.k);
  console.log(
    `${s.totalCustomers} active customers, ${s.sampled} clustered` +
      (s.sampled < s.totalCustomers ? ` (a fixed sample, seed ${s.seed}; sizes estimated)` : "") +
      `; k = ${s.k} ${s.kChosenBy === "admin" ? "as chosen" : `by silhouette (${dec(chosen?.score ?? null)})`}.`,
  );
  console.log(
    table(
      ["suggestion", "customers", "share", "rules (all of)", "precision", "coverage", "stands out"],
      s.suggestions.map((g) => [
        g.index,
        g.customers,
        pct(g.share),
        g.rules.conditions.length > 0 ? g.rules.conditions.map(conditionText).join("; ") : "none",
        pct(g.ruleQuality?.precision ?? null),
        pct(g.ruleQuality?.coverage ?? null),
        g.profile
          .slice(0, 3)
          .map((p) => {
            const f = p.feature;
            const name =
              f.kind === "channel"
                ? `channel ${f.channel}`
                : f.kind === "attribute"
                  ? f.value === undefined
                    ? f.attribute
                    : `${f.attribute}=${f.value}`
                  : f.kind;
            return `${name} ${dec(p.mean)} vs ${dec(p.overall)}`;
          })
          .join("; "),
      ]),
    ),
  );
  console.log(
    "Precision: of the customers the rules match, the share in the suggestion; coverage: of the suggestion, the share the rules match (on the clustered customers).",
  );
}

/**
 * parcours personas suggest: personas found in the data (issue 18 item 4). The period and
 * filters are `personas`' own options (commander hands them to the parent command, which
 * declares the same flags), read here with the subcommand's.
 */
export function registerPersonaSuggest(personas: Command): void {
  personas
    .command("suggest")
    .description(
      "suggest personas: customers clustered on channels, stage reached, frequency, recency, spend, satisfaction and attributes (takes the period and filters of `personas`)",
    )
    .option(
      "--k <n>",
      `groups, ${SUGGEST_MIN_K}–${SUGGEST_MAX_K} (default: best silhouette of 3–6)`,
    )
    .option(
      "--sample <n>",
      `customers clustered at most, ${SUGGEST_MIN_SAMPLE}–${SUGGEST_MAX_SAMPLE}`,
    )
    .option("--seed <n>", "the sample's and k-means++'s seed (default 1)")
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<SuggestOptions>();
      const k = whole("k", options.k, SUGGEST_MIN_K, SUGGEST_MAX_K);
      const sampleSize = whole("sample", options.sample, SUGGEST_MIN_SAMPLE, SUGGEST_MAX_SAMPLE);
      const seed = whole("seed", options.seed, 0, 2_147_483_647);
      const filter = parseFilter(options);
      return withMetrics(async (metrics) => {
        const s = await metrics.getPersonaSuggestions({
          filter,
          ...(k === undefined ? {} : { k }),
          ...(sampleSize === undefined ? {} : { sampleSize }),
          ...(seed === undefined ? {} : { seed }),
        });
        if (options.json) return printJson(s);
        printSuggestions(s);
      });
    });
}
