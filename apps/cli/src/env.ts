// Not from @parcours/db/analytics/clickhouse: that loads ClickHouse's client, at every start.
import { ClickHouseConfigError, parseClickHouseUrl } from "@parcours/db/analytics/clickhouse/url";
import { ZReviewEnvShape } from "@parcours/validators/review-env";
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
          message: error.message,
        });
        return z.NEVER;
      }
      return value;
    }),
  /** Review delivery, as the web app reads it (`reviews run-due`; docs/reviews.md). */
  ...ZReviewEnvShape,
  /** pnpm sets it to the folder the user ran the command from. */
  INIT_CWD: z.string().min(1).optional(),
});

export type Env = z.infer<typeof ZEnvSchema>;

export function readEnv(): Env {
  const parsed = ZEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    // Each issue starts with its variable's name, once: some messages name it already.
    const issues = parsed.error.issues
      .map((i) => {
        const name = i.path.join(".");
        return i.message.startsWith(`${name} `) ? i.message : `${name} ${i.message}`;
      })
      .join("; ");
    throw new Error(`invalid environment: ${issues}`);
  }
  return parsed.data;
}
