import { z } from "zod";
import { ZIdSchema } from "./limits";
import { ZText } from "./text";

/*
 * Regular reviews of a saved view (issue 18 item 3): a schedule, a frozen snapshot of the map at
 * each review, what moved since the previous one, alerts, and delivery to subscribers (in the
 * app, by email, by signed webhook).
 */

export const REVIEW_CADENCES = ["weekly", "monthly"] as const;
export type TReviewCadence = (typeof REVIEW_CADENCES)[number];

/** pending: due, being taken (or to be taken again); ready: taken; failed: gave up. */
export const REVIEW_STATUSES = ["pending", "ready", "failed"] as const;
export type TReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_CHANNELS = ["app", "email", "webhook"] as const;
export type TReviewChannel = (typeof REVIEW_CHANNELS)[number];

export const REVIEW_DELIVERY_STATUSES = ["pending", "sent", "failed"] as const;
export type TReviewDeliveryStatus = (typeof REVIEW_DELIVERY_STATUSES)[number];

/** Whether this Node.js knows the IANA time zone (full ICU: every zone Intl knows). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZoneSchema = ZText()
  .trim()
  .min(1, "a time zone is needed (an IANA name such as Europe/Paris)")
  .max(64, "at most 64 characters")
  .refine(isTimeZone, { message: "unknown time zone: use an IANA name such as Europe/Paris" });

/** A view's review schedule as set in the app or the CLI. */
export const ZReviewScheduleInputSchema = z
  .object({
    viewId: ZIdSchema,
    cadence: z.enum(REVIEW_CADENCES, { error: "cadence must be weekly or monthly" }),
    /** weekly: ISO weekday 1 (Monday) to 7 (Sunday); monthly: day of the month 1 to 28. */
    day: z.number().int("day must be a whole number"),
    hour: z
      .number()
      .int("hour must be a whole number")
      .min(0, "hour must be 0 to 23")
      .max(23, "hour must be 0 to 23"),
    timeZone: ZTimeZoneSchema,
    /** Alert when a cell's mean satisfaction drops by more than this (points on 1–5). */
    satisfactionDrop: z
      .number()
      .gt(0, "the satisfaction drop must be above 0")
      .max(4, "the satisfaction drop is at most 4 points (ratings run 1 to 5)")
      .nullable()
      .default(null),
    enabled: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    if (s.cadence === "weekly" && (s.day < 1 || s.day > 7)) {
      ctx.addIssue({
        code: "custom",
        path: ["day"],
        message: "a weekly review's day is 1 (Monday) to 7 (Sunday)",
      });
    }
    if (s.cadence === "monthly" && (s.day < 1 || s.day > 28)) {
      ctx.addIssue({
        code: "custom",
        path: ["day"],
        message: "a monthly review's day is 1 to 28, so that every month has it",
      });
    }
  });
export type TReviewScheduleInput = z.infer<typeof ZReviewScheduleInputSchema>;

/** Where a webhook posts a view's reviews: an http(s) URL without credentials in it. */
export const ZReviewWebhookUrlSchema = ZText()
  .trim()
  .min(1, "a webhook needs a URL")
  .max(2000, "at most 2000 characters")
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === "https:" || url.protocol === "http:";
      } catch {
        return false;
      }
    },
    { message: "must be an http:// or https:// URL, such as https://example.com/hooks/parcours" },
  )
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.username === "" && url.password === "";
      } catch {
        return true;
      }
    },
    { message: "must not hold a user name or password: the signature authenticates Parcours" },
  );

/** The languages review emails are written in (PARCOURS_EMAIL_LOCALE). */
export const EMAIL_LOCALES = ["en", "fr"] as const;
export type TEmailLocale = (typeof EMAIL_LOCALES)[number];
