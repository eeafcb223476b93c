import type { BrowserContext, Page } from "@playwright/test";
import { BASE_URL } from "./server";

export type TRole = "admin" | "manager" | "viewer";

/** The accounts scripts/serve.mjs creates. */
export const USERS = {
  admin: { email: "admin@parcours.test", password: "e2e-admin-password" },
  manager: { email: "manager@parcours.test", password: "e2e-manager-password" },
  viewer: { email: "viewer@parcours.test", password: "e2e-viewer-password" },
} as const;

export const SESSION_COOKIE = "authjs.session-token";
const sessions = new Map<TRole, Promise<string>>();

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

/**
 * Signs in over HTTP, as the sign-in form would, and returns the session cookie's value, or
 * null when the sign-in is refused.
 */
export async function signInOverHttp(
  credentials: { email: string; password: string },
  baseUrl = BASE_URL,
  extraHeaders: Record<string, string> = {},
): Promise<string | null> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      ...extraHeaders,
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookiePairs(csrf).join("; "),
    },
    body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: baseUrl }),
  });
  const session = cookiePairs(response).find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  return session ? session.slice(SESSION_COOKIE.length + 1) : null;
}

async function signInRole(role: TRole): Promise<string> {
  const token = await signInOverHttp(USERS[role]);
  if (!token) throw new Error(`signing in as ${role} failed`);
  return token;
}

/** The session cookie of `role`, signed in once per worker. */
export function sessionToken(role: TRole): Promise<string> {
  let token = sessions.get(role);
  if (!token) {
    token = signInRole(role);
    sessions.set(role, token);
  }
  return token;
}

/** A `cookie` header for API calls as `role`. */
export async function cookieHeader(role: TRole): Promise<string> {
  return sessionCookieHeader(await sessionToken(role));
}

export function sessionCookieHeader(token: string): string {
  return `${SESSION_COOKIE}=${token}`;
}

/** Puts a signed-in session of `role` in the browser context. */
export async function addSession(context: BrowserContext, role: TRole): Promise<void> {
  await context.addCookies([
    {
      name: SESSION_COOKIE,
      value: await sessionToken(role),
      url: BASE_URL,
      httpOnly: true,
      sameSite: "Lax",
    },
  ]);
}

/** Signs in through the sign-in page, as a person would. */
export async function signInAs(page: Page, role: TRole, callbackUrl = "/"): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel(/^(Email|E-mail)$/).fill(USERS[role].email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(USERS[role].password);
  await page.getByRole("button", { name: /^(Sign in|Se connecter)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}
