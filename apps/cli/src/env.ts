// Not from @parcours/db/analytics/clickhouse: that loads ClickHouse's client, at every start.
import { ClickHouseConfigError, parseClickHouseUrl } from "@parcours/db/analytics/clickhouse/url";
import { z } from "zod";

const ZEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PARCOURS_DATA_DIR: z.string().min(1).optional(),
  /** ClickHouse's HTTP interface and database: http://127.0.0.1:8123/parcours. */
  CLICKHOUSE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return undefined;
      try {
        parseClickHouseUrl(value);
      } catch (error) {
        if (!(error instanceof ClickHouseConfigError)) throw error;
        context.addIssue({
          code: "custom",
          message: error.message.replace(/^CLICKHOUSE_URL /, ""),
        });
        return z.NEVER;
      }
      return value;
    }),
  /** The app's public address, for the links `reviews run-due` sends (docs/reviews.md). */
  AUTH_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }).optional()),
  /** The SMTP server review emails go through (smtp:// or smtps://); unset: no email. */
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional()),
  SMTP_FROM: z.string().trim().optional(),
  PARCOURS_EMAIL_LOCALE: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((value) => value || "en")
    .pipe(z.enum(["en", "fr"], { error: "must be en or fr" })),
  /** pnpm sets it to the folder the user ran the command from. */
  INIT_CWD: z.string().min(1).optional(),
});

export type Env = z.infer<typeof ZEnvSchema>;

export function readEnv(): Env {
  const parsed = ZEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    throw new Error(`invalid environment: ${issues}`);
  }
  return parsed.data;
}
