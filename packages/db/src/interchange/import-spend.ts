import { Readable } from "node:stream";
import {
  coded,
  isSpendDay,
  MAX_SPEND_CENTS,
  MAX_SPEND_CSV_CHARS,
  type TCodedMessage,
} from "@parcours/validators";
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { type Actor, recordAudit } from "../queries/audit";
import { advanceDataVersion } from "../queries/data-version";
import { DomainError } from "../queries/errors";
import { channelSpend, channels } from "../schema";
import { csvRows } from "./csv-rows";

/** What a spend import stored: (day, channel) rows, distinct days and channels, the total. */
export interface SpendImportSummary {
  rows: number;
  days: number;
  channels: number;
  totalCents: number;
  /** The first and last day of the file (null: never, an import has at least one row). */
  firstDay: string;
  lastDay: string;
}

/** The refusals listed one by one; past these the rest are counted in one more message. */
const MAX_LISTED_ERRORS = 50;
const INSERT_BATCH = 1_000;

const COLUMN_NAMES: Record<string, "date" | "channel" | "amount"> = {
  date: "date",
  day: "date",
  channel: "channel",
  amount: "amount",
};

/** Digits with at most 2 decimals after "." or ",": currency units, read as whole cents. */
const AMOUNT = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/;

function cents(value: string): { cents: number } | { error: "bad" | "negative" } {
  const m = AMOUNT.exec(value);
  if (!m) return { error: "bad" };
  const [, sign, units = "", decimals = ""] = m;
  const total = Number(units) * 100 + Number(decimals.padEnd(2, "0"));
  if (!Number.isSafeInteger(total) || total > MAX_SPEND_CENTS) return { error: "bad" };
  if (sign === "-" && total > 0) return { error: "negative" };
  return { cents: total };
}

interface SpendRow {
  day: string;
  channelId: number;
  amountCents: number;
}

/**
 * Reads a spend CSV (docs/ingestion.md, "Spend"): a header naming date (or day), channel and
 * amount in any order, then one row per day and channel. Every bad row is reported with its
 * line; the rows are returned only when there is none.
 */
async function readSpendRows(
  input: Readable,
  channelIds: Map<string, number>,
): Promise<{ rows: SpendRow[]; problems: TCodedMessage[] }> {
  const rows: SpendRow[] = [];
  const problems: TCodedMessage[] = [];
  const seen = new Map<string, number>();
  let columns: { date: number; channel: number; amount: number } | null = null;
  for await (const row of csvRows(input)) {
    if (problems.length > MAX_LISTED_ERRORS * 4) break;
    if ("error" in row) {
      problems.push(coded("spendRowSyntax", { line: row.line, reason: row.error }));
      if (!columns) break;
      continue;
    }
    if (!columns) {
      const names = row.fields.map((f) => COLUMN_NAMES[f.trim().toLowerCase()]);
      const at = (name: "date" | "channel" | "amount") => names.indexOf(name);
      const complete =
        row.fields.length === 3 && at("date") >= 0 && at("channel") >= 0 && at("amount") >= 0;
      if (!complete) {
        problems.push(coded("spendHeader", { found: row.fields.join(",").slice(0, 200) }));
        break;
      }
      columns = { date: at("date"), channel: at("channel"), amount: at("amount") };
      continue;
    }
    const { line, fields } = row;
    if (fields.length !== 3) {
      problems.push(coded("spendRowShape", { line, count: fields.length }));
      continue;
    }
    const day = (fields[columns.date] ?? "").trim();
    const channel = (fields[columns.channel] ?? "").trim();
    const amount = (fields[columns.amount] ?? "").trim();
    const before = problems.length;
    if (!isSpendDay(day)) problems.push(coded("spendBadDate", { line, value: day.slice(0, 40) }));
    const channelId = channelIds.get(channel);
    if (channelId === undefined) {
      problems.push(coded("spendUnknownChannel", { line, value: channel.slice(0, 80) }));
    }
    const parsed = cents(amount);
    if ("error" in parsed) {
      problems.push(
        coded(parsed.error === "negative" ? "spendNegativeAmount" : "spendBadAmount", {
          line,
          value: amount.slice(0, 40),
        }),
      );
    }
    if (problems.length > before || channelId === undefined || "error" in parsed) continue;
    const key = `${day}\u0000${channelId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(coded("spendDuplicate", { line, day, channel, first }));
      continue;
    }
    seen.set(key, line);
    rows.push({ day, channelId, amountCents: parsed.cents });
  }
  if (!columns && problems.length === 0) problems.push(coded("spendEmpty"));
  else if (columns && rows.length === 0 && problems.length === 0) {
    problems.push(coded("spendEmpty"));
  }
  return { rows, problems };
}

/**
 * Imports marketing spend (docs/ingestion.md, "Spend"): all or nothing, in one transaction. A
 * day and channel already stored is replaced. Any bad row refuses the whole file with a
 * DomainError listing each problem by line (the first 50, then how many more); nothing is
 * stored then. The data version advances after the commit: cost metrics change.
 */
export async function importSpend(
  db: Database,
  actor: Actor,
  csv: string | Readable,
): Promise<SpendImportSummary> {
  if (typeof csv === "string" && csv.length > MAX_SPEND_CSV_CHARS) {
    throw new DomainError("invalid", coded("spendTooLarge", { max: MAX_SPEND_CSV_CHARS }));
  }
  const input = typeof csv === "string" ? Readable.from([Buffer.from(csv, "utf8")]) : csv;
  const known = await db.select({ id: channels.id, key: channels.key }).from(channels);
  const { rows, problems } = await readSpendRows(input, new Map(known.map((c) => [c.key, c.id])));
  const [first, ...more] = problems;
  if (first) {
    const listed = [first, ...more.slice(0, MAX_LISTED_ERRORS - 1)] as const;
    const rest = problems.length - listed.length;
    throw new DomainError(
      "invalid",
      rest > 0 ? [...listed, coded("spendMoreErrors", { count: rest })] : listed,
    );
  }
  const days = [...new Set(rows.map((r) => r.day))].sort();
  const summary: SpendImportSummary = {
    rows: rows.length,
    days: days.length,
    channels: new Set(rows.map((r) => r.channelId)).size,
    totalCents: rows.reduce((sum, r) => sum + r.amountCents, 0),
    firstDay: days[0] ?? "",
    lastDay: days[days.length - 1] ?? "",
  };
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await tx
        .insert(channelSpend)
        .values(rows.slice(i, i + INSERT_BATCH))
        .onConflictDoUpdate({
          target: [channelSpend.day, channelSpend.channelId],
          set: { amountCents: sql`excluded.amount_cents`, importedAt: sql`now()` },
        });
    }
    await recordAudit(tx, actor, {
      action: "spend.import",
      entityType: "spend",
      entityId: `${summary.firstDay}..${summary.lastDay}`,
      message: coded("auditSpendImport", {
        rows: summary.rows,
        from: summary.firstDay,
        to: summary.lastDay,
        total: (summary.totalCents / 100).toFixed(2),
      }),
      after: summary,
    });
  });
  await advanceDataVersion(db);
  return summary;
}
