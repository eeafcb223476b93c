import { z } from "zod";

/**
 * Control characters (NUL above all: PostgreSQL's text cannot hold it, and the lookup failed
 * with a 500) and half surrogate pairs cannot be in a stored email: such a form is refused as
 * any wrong credentials are, before the database is asked.
 */
const STORABLE_TEXT = /^[^\p{Cc}\p{Surrogate}]*$/u;

/** What the sign-in form sends, checked before anything reaches the database. */
export const ZCredentialsSchema = z.object({
  email: z.string().trim().min(3).max(320).regex(STORABLE_TEXT),
  password: z.string().min(1).max(1000),
});
