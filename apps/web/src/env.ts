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
  /** Where PGlite keeps its files (default `<repo>/.data/pglite`). */
  PARCOURS_DATA_DIR: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

export const env: TEnv = ZEnvSchema.parse({
  NODE_ENV: process.env.NODE_ENV,
  DATABASE_URL: process.env.DATABASE_URL,
  PARCOURS_DATA_DIR: process.env.PARCOURS_DATA_DIR,
});
