import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SiteHeader } from "~/components/header/site-header";
import { SkipLink } from "~/components/header/skip-link";
import { Providers } from "~/components/providers";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: t("title"), template: `%s · ${t("name")}` },
    description: t("description"),
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  // The header's persona menu and every filter bar need the catalogue.
  await prefetch(trpc.catalogue.get.queryOptions());

  return (
    <html lang={locale} suppressHydrationWarning>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          <Providers>
            <HydrateClient>
              <SkipLink />
              <SiteHeader />
              <main
                id="main"
                tabIndex={-1}
                className="mx-auto w-full max-w-[1440px] px-4 pb-16 md:px-6"
              >
                {children}
              </main>
            </HydrateClient>
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
