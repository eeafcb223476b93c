"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE } from "./config";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Remembers the reader's language; the next render picks it up from the cookie. */
export async function setLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) throw new Error(`unsupported locale: ${locale}`);
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
    sameSite: "lax",
  });
}
