"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTranslations } from "next-intl";
import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";
import { ToggleButtons } from "./toggle-buttons";

const THEMES = ["light", "dark", "system"] as const;
type TTheme = (typeof THEMES)[number];
const ICONS = { light: Sun, dark: Moon, system: Monitor } as const;

function isTheme(value: string | undefined): value is TTheme {
  return THEMES.some((theme) => theme === value);
}

const subscribeNever = () => () => {};

export function ThemeSwitch() {
  const t = useTranslations("header");
  const { theme, setTheme } = useTheme();
  // The stored choice is only known in the browser: the server and first render say "system".
  const mounted = useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
  const value: TTheme = mounted && isTheme(theme) ? theme : "system";

  return (
    <ToggleButtons
      label={t("theme")}
      value={value}
      onChange={setTheme}
      options={THEMES.map((option) => {
        const Icon = ICONS[option];
        return {
          value: option,
          label: t(`themes.${option}`),
          content: <Icon aria-hidden="true" />,
        };
      })}
    />
  );
}
