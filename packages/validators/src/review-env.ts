import { z } from "zod";
import { parseAddressRanges } from "./address-ranges";
import { EMAIL_LOCALES } from "./reviews";

/*
 * Server settings of review delivery, kept out of the package's index so that the browser's
 * bundle does not carry the address parser.
 */

/** An optional setting: blank (or spaces) is unset. */
const ZOptionalSetting = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

/**
 * The environment variables of review delivery (docs/reviews.md), read alike by the web app and
 * the CLI (`parcours reviews run-due`): each process spreads this shape into its own schema.
 */
export const ZReviewEnvShape = {
  /**
   * The app's public address (https://parcours.example), as Auth.js reads it: the links in
   * review emails and webhooks point there. Unset: http://localhost:3000.
   */
  AUTH_URL: ZOptionalSetting.pipe(
    z.url({ protocol: /^https?$/, error: "AUTH_URL must be an http(s):// URL" }).optional(),
  ),
  /**
   * The SMTP server reviews are emailed through (smtp://user:pass@host:587, smtps://…:465);
   * unset: no review emails.
   */
  SMTP_URL: ZOptionalSetting.pipe(
    z
      .url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" })
      .optional(),
  ),
  /** The sender of review emails ("Parcours <parcours@example.com>"). */
  SMTP_FROM: ZOptionalSetting,
  /** The language of review emails: en (default) or fr. */
  PARCOURS_EMAIL_LOCALE: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((value) => value || "en")
    .pipe(z.enum(EMAIL_LOCALES, { error: "PARCOURS_EMAIL_LOCALE must be en or fr" })),
  /** `off`: this process does not run the review loop (`parcours reviews run-due` from cron). */
  PARCOURS_REVIEWS: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((value) => value || "on")
    .pipe(z.enum(["on", "off"], { error: "PARCOURS_REVIEWS must be on or off" })),
  /**
   * Addresses that are not public (loopback, private, link-local…) which review webhooks may
   * still be posted to, as comma-separated IPs and CIDR ranges (`10.20.0.0/16, 127.0.0.1`).
   * Unset: none, so a webhook can only reach public addresses (docs/reviews.md).
   */
  PARCOURS_WEBHOOK_ALLOW: z
    .string()
    .optional()
    .transform((value, context) => {
      try {
        return parseAddressRanges(value, "PARCOURS_WEBHOOK_ALLOW");
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
};
export type TReviewEnv = z.output<z.ZodObject<typeof ZReviewEnvShape>>;
