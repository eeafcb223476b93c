import { test as base } from "@playwright/test";
import { formatters, type TFormatters } from "./format";
import { messages, setLocaleCookie, type TLocale, type TMessages } from "./locale";

interface TFixtures {
  /** The app's language for the test: `test.use({ appLocale: "fr" })`. */
  appLocale: TLocale;
  /** en.json or fr.json, whichever `appLocale` picks. */
  t: TMessages;
  /** Numbers formatted as the app formats them in `appLocale`. */
  f: TFormatters;
}

/** Every test starts with the language cookie set, so no test depends on Accept-Language. */
export const test = base.extend<TFixtures>({
  appLocale: ["en", { option: true }],
  context: async ({ context, appLocale }, use) => {
    await setLocaleCookie(context, appLocale);
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
