import { z } from "zod";

/*
 * Marketing spend per day and channel (docs/ingestion.md, "Spend"), imported from CSV: the
 * cost side of a stage's cost metrics. The file goes as text in one tRPC request, so it stays
 * well under the request body limit (MAX_TRPC_BODY_BYTES).
 */

/** Characters in one spend CSV: some 15,000 rows, two years of 20 channels a day. */
export const MAX_SPEND_CSV_CHARS = 500_000;

/** The spend of a larger amount is refused: 10^12 currency units, as a target's bound. */
export const MAX_SPEND_CENTS = 100_000_000_000_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `value` is a calendar day written YYYY-MM-DD (1970 to 2199, as the analytics). */
export function isSpendDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(d.getTime()) &&
    d.toISOString().slice(0, 10) === value &&
    value >= "1970-01-01" &&
    value < "2200-01-01"
  );
}

export const ZSpendDaySchema = z
  .string({ error: "must be a date written YYYY-MM-DD" })
  .refine(isSpendDay, "must be a date written YYYY-MM-DD");

export const ZSpendImportSchema = z.object({
  csv: z
    .string({ error: "must be the CSV text" })
    .max(MAX_SPEND_CSV_CHARS, `at most ${MAX_SPEND_CSV_CHARS} characters`),
});

/** The days [from, to) whose spend is deleted. */
export const ZSpendPeriodSchema = z
  .object({ from: ZSpendDaySchema, to: ZSpendDaySchema })
  .refine((p) => p.from < p.to, { path: ["to"], message: "must be after the first day" });
export type TSpendPeriod = z.infer<typeof ZSpendPeriodSchema>;
