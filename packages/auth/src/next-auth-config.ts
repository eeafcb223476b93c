import type { Database } from "@parcours/db";
import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { clientAddress, type TrustedProxies } from "./client-address";
import { ZCredentialsSchema } from "./credentials";
import { sameOriginRedirect } from "./redirect";
import { authenticate, type SignInLimits } from "./sign-in";

declare module "next-auth" {
  interface Session {
    /** The user's id and the session version it was issued with; checked on every request. */
    uid?: number;
    sessionVersion?: number;
  }
}

/** The `code` the sign-in form receives: generic on purpose, apart from the rate limit. */
export class SignInRefused extends CredentialsSignin {
  constructor(
    code: "invalid" | "rate_limited",
    /** With `rate_limited`: how long until the attempt may be made. */
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.code = code;
  }
}

const ZTokenUserSchema = z.object({
  userId: z.number().int().positive(),
  sessionVersion: z.number().int().positive(),
});

export interface AuthConfigOptions {
  getDb: () => Promise<Database>;
  limits?: SignInLimits;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none by default. */
  trustedProxies?: TrustedProxies;
}

/**
 * next-auth with email + password. Sessions are signed, encrypted JWT cookies holding only the
 * user id and a session version; the app checks both against the database on every request,
 * so a disabled user or a changed role takes effect at once.
 */
export function createAuthConfig(options: AuthConfigOptions): NextAuthConfig {
  return {
    trustHost: true,
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: {
      // A refused sign-in is an answer, not a server error: keep it out of the error log.
      error(error) {
        if (error instanceof CredentialsSignin) return;
        console.error("[auth]", error);
      },
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const parsed = ZCredentialsSchema.safeParse(credentials);
          if (!parsed.success) throw new SignInRefused("invalid");
          const db = await options.getDb();
          const result = await authenticate(
            db,
            { ...parsed.data, ip: clientAddress(request.headers, options.trustedProxies ?? []) },
            options.limits,
          );
          if (!result.ok) {
            throw result.reason === "rate_limited"
              ? new SignInRefused(result.reason, result.retryAfterSeconds)
              : new SignInRefused(result.reason);
          }
          const user = {
            id: String(result.user.id),
            email: result.user.email,
            name: result.user.name || result.user.email,
            userId: result.user.id,
            sessionVersion: result.user.sessionVersion,
          };
          return user;
        },
      }),
    ],
    callbacks: {
      redirect: sameOriginRedirect,
      jwt({ token, user }) {
        if (user) {
          const parsed = ZTokenUserSchema.safeParse(user);
          if (parsed.success) {
            token.userId = parsed.data.userId;
            token.sessionVersion = parsed.data.sessionVersion;
          }
        }
        return token;
      },
      session({ session, token }) {
        const parsed = ZTokenUserSchema.safeParse(token);
        if (parsed.success) {
          session.uid = parsed.data.userId;
          session.sessionVersion = parsed.data.sessionVersion;
        }
        return session;
      },
    },
  };
}
