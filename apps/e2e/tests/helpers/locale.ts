import { readFileSync } from "node:fs";
import type { BrowserContext } from "@playwright/test";
import { BASE_URL } from "./server";

export type TLocale = "en" | "fr";
export type TMessages = typeof import("../../../web/messages/en.json");

const cache = new Map<TLocale, TMessages>();

/**
 * One area's English messages (apps/web/messages/en/<area>.json), typed by the caller with
 * `typeof import(…)` of the same file.
 */
export function areaMessages<T>(area: string): T {
  const url = new URL(`../../../web/messages/en/${area}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as T;
}

/** The app's own message catalogue, so label assertions follow en.json / fr.json. */
export function messages(locale: TLocale): TMessages {
  let loaded = cache.get(locale);
  if (!loaded) {
    const url = new URL(`../../../web/messages/${locale}.json`, import.meta.url);
    loaded = JSON.parse(readFileSync(url, "utf8")) as TMessages;
    cache.set(locale, loaded);
  }
  return loaded;
}

/** The language switch's cookie (`NEXT_LOCALE`), set before the first request. */
export async function setLocaleCookie(context: BrowserContext, locale: TLocale): Promise<void> {
  await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: BASE_URL }]);
}
