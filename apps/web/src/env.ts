import { parseTrustedProxies } from "@parcours/auth/client-address";
import { ZReviewEnvShape } from "@parcours/validators/review-env";
import { z } from "zod";

/** Every environment variable the web app reads, validated once at start. */
const ZEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** A PostgreSQL URL; when unset the embedded PGlite database in `.data/` is used. */
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /**
   * ClickHouse's HTTP interface and database (http://127.0.0.1:8123/parcours). When set, the
   * server keeps a copy of the events there, synced in the background (issue 13).
   */
  CLICKHOUSE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(
      z
        .url({ protocol: /^https?$/, error: "CLICKHOUSE_URL must be an http(s):// URL" })
        .regex(/^[^?#]*\/[A-Za-z_][A-Za-z0-9_]*\/?$/, {
          error:
            "CLICKHOUSE_URL must end with the database name, e.g. http://127.0.0.1:8123/parcours",
        })
        .optional(),
    ),
  /** Where PGlite keeps its files (default `<repo>/.data/pglite`). */
  PARCOURS_DATA_DIR: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  /**
   * Signs and encrypts session cookies. Required in production (`npm start` generates one
   * into `.data/auth-secret` on first start); development falls back to a fixed value.
   */
  AUTH_SECRET: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.string().min(32, { error: "AUTH_SECRET must have at least 32 characters" }).optional()),
  /** Review delivery: AUTH_URL, SMTP_URL, SMTP_FROM, PARCOURS_EMAIL_LOCALE, PARCOURS_REVIEWS. */
  ...ZReviewEnvShape,
  /**
   * The reverse proxies in front of the app whose X-Forwarded-For is believed, for the
   * per-address sign-in limit: comma-separated IPs and CIDR ranges. Unset: none, and the
   * address is the connection's own peer.
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, context) => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

export const env: TEnv = ZEnvSchema.parse({
  NODE_ENV: process.env.NODE_ENV,
  DATABASE_URL: process.env.DATABASE_URL,
  CLICKHOUSE_URL: process.env.CLICKHOUSE_URL,
  PARCOURS_DATA_DIR: process.env.PARCOURS_DATA_DIR,
  AUTH_SECRET: process.env.AUTH_SECRET,
  TRUSTED_PROXIES: process.env.TRUSTED_PROXIES,
  AUTH_URL: process.env.AUTH_URL,
  SMTP_URL: process.env.SMTP_URL,
  SMTP_FROM: process.env.SMTP_FROM,
  PARCOURS_REVIEWS: process.env.PARCOURS_REVIEWS,
  PARCOURS_EMAIL_LOCALE: process.env.PARCOURS_EMAIL_LOCALE,
  PARCOURS_WEBHOOK_ALLOW: process.env.PARCOURS_WEBHOOK_ALLOW,
});

if (
  env.NODE_ENV === "production" &&
  !env.AUTH_SECRET &&
  process.env.NEXT_PHASE !== "phase-production-build"
) {
  throw new Error(
    "AUTH_SECRET is not set: sessions cannot be signed. Use `npm start` (which generates one) or set AUTH_SECRET to 32+ random characters.",
  );
}
