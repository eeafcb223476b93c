import type { ReactNode } from "react";
import { SiteHeader } from "~/components/header/site-header";
import { requireUser } from "~/server/auth";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

/** Every page in here needs a signed-in user. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  // The header's persona menu and every filter bar need the catalogue.
  await prefetch(trpc.catalogue.get.queryOptions());

  return (
    <HydrateClient>
      <SiteHeader user={user} />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[1440px] px-4 pb-16 md:px-6">
        {children}
      </main>
    </HydrateClient>
  );
}
