import { safeCallbackPath } from "@parcours/auth";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignInForm } from "~/components/auth/sign-in-form";
import { LocaleSwitch } from "~/components/header/locale-switch";
import { ThemeSwitch } from "~/components/header/theme-switch";
import { getCurrentUser } from "~/server/auth";
import { requestOrigin } from "~/server/request-origin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("submit") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, await requestOrigin());
  if (await getCurrentUser()) redirect(callbackUrl);
  const t = await getTranslations();

  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-14 items-center justify-end gap-2 px-4 md:px-6">
        <LocaleSwitch />
        <ThemeSwitch />
      </header>
      <main id="main" tabIndex={-1} className="grid flex-1 place-items-center px-4 pb-24">
        <div className="w-full max-w-sm rounded-lg border border-border bg-card p-6 shadow-sm">
          <div className="mb-6 flex items-center gap-3">
            <span
              aria-hidden="true"
              className="grid size-9 place-items-center rounded-md bg-primary font-semibold text-primary-foreground"
            >
              P
            </span>
            <div>
              <h1 className="text-lg font-semibold tracking-tight">{t("auth.signInTitle")}</h1>
              <p className="text-sm text-muted-foreground">{t("auth.signInDescription")}</p>
            </div>
          </div>
          <SignInForm callbackUrl={callbackUrl} />
        </div>
      </main>
    </div>
  );
}
