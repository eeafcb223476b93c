import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { isLocale, LOCALE_COOKIE, negotiateLocale, type TLocale } from "./config";
import { formats } from "./formats";

/** No locale in the URL: the cookie set by the language switch, else the browser's languages. */
export async function resolveLocale(): Promise<TLocale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return {
    locale,
    messages: (await import(`../../messages/${locale}.json`)).default,
    // Periods are whole UTC days: render every date in UTC so server and browser agree.
    timeZone: "UTC",
    formats,
  };
});
