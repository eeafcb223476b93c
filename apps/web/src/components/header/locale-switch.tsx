"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { LOCALES, type TLocale } from "~/i18n/config";
import { setLocale } from "~/i18n/set-locale";
import { ToggleButtons } from "./toggle-buttons";

export function LocaleSwitch() {
  const t = useTranslations("header");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const change = (next: TLocale) => {
    if (next === locale) return;
    startTransition(async () => {
      await setLocale(next);
      router.refresh();
    });
  };

  return (
    <ToggleButtons
      label={t("language")}
      value={locale}
      onChange={change}
      busy={pending}
      options={LOCALES.map((value) => ({
        value,
        lang: value,
        label: t(`languages.${value}`),
        content: value,
      }))}
    />
  );
}
