import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocaleSwitch } from "~/components/header/locale-switch";
import { ThemeSwitch } from "~/components/header/theme-switch";
import { SharedJourney } from "~/components/journeys/shared-journey";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("journeys");
  // Shared links should not end up in search engines.
  return { title: t("shared.readOnly"), robots: { index: false, follow: false } };
}

/** A share link: no sign-in, that view only; unknown, revoked or expired answers 404. */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("app");
  try {
    await getQueryClient().fetchQuery(trpc.shared.journey.queryOptions({ token, compare: false }));
  } catch {
    notFound();
  }
  return (
    <HydrateClient>
      <header className="border-b border-border">
        <div className="mx-auto flex h-14 w-full max-w-[1440px] items-center gap-3 px-4 md:px-6">
          <span className="flex items-center gap-2 font-semibold">
            <span
              aria-hidden="true"
              className="grid size-7 place-items-center rounded-md bg-primary text-sm text-primary-foreground"
            >
              P
            </span>
            {t("name")}
          </span>
          <div className="ml-auto flex items-center gap-2">
            <LocaleSwitch />
            <ThemeSwitch />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[1440px] px-4 pb-16 md:px-6">
        <SharedJourney token={token} />
      </main>
    </HydrateClient>
  );
}
