import { test as base } from "@playwright/test";
import { addSession, type TRole } from "./auth";
import { formatters, type TFormatters } from "./format";
import { messages, setLocaleCookie, type TLocale, type TMessages } from "./locale";

interface TFixtures {
  /** The app's language for the test: `test.use({ appLocale: "fr" })`. */
  appLocale: TLocale;
  /** Who is signed in when the test starts (`null`: nobody): `test.use({ role: "admin" })`. */
  role: TRole | null;
  /** en.json or fr.json, whichever `appLocale` picks. */
  t: TMessages;
  /** Numbers formatted as the app formats them in `appLocale`. */
  f: TFormatters;
}

/**
 * Every test starts with the language cookie set, so no test depends on Accept-Language, and
 * signed in as a manager unless it says otherwise.
 */
export const test = base.extend<TFixtures>({
  appLocale: ["en", { option: true }],
  role: ["manager", { option: true }],
  context: async ({ context, appLocale, role }, use) => {
    await setLocaleCookie(context, appLocale);
    if (role) await addSession(context, role);
    await use(context);
  },
  t: async ({ appLocale }, use) => {
    await use(messages(appLocale));
  },
  f: async ({ appLocale }, use) => {
    await use(formatters(appLocale));
  },
});

export { expect } from "@playwright/test";
