import { EmptyState } from "@parcours/ui/empty-state";
import { TRPCError } from "@trpc/server";
import { ShieldOff } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { CustomerSearch } from "~/components/customers/customer-search";
import { CustomerTimeline } from "~/components/customers/customer-timeline";
import { requireUser } from "~/server/auth";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

interface TProps {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { id } = await params;
  const t = await getTranslations("customers.timeline");
  return { title: t("title", { id: decodeURIComponent(id) }) };
}

/** A customer's timeline; an unknown id is a 404, a viewer without access is told why. */
export default async function CustomerPage({ params }: TProps) {
  const { id } = await params;
  const externalId = decodeURIComponent(id);
  const t = await getTranslations("customers.timeline");
  await requireUser();
  try {
    await getQueryClient().fetchQuery(trpc.customers.timeline.queryOptions({ externalId }));
  } catch (error) {
    if (
      error instanceof TRPCError &&
      (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")
    ) {
      notFound();
    }
    if (error instanceof TRPCError && error.code === "FORBIDDEN") {
      return (
        <>
          <PageHeader title={t("title", { id: externalId })} />
          <EmptyState icon={<ShieldOff />} title={t("forbidden")} />
        </>
      );
    }
    throw error;
  }
  return (
    <HydrateClient>
      <PageHeader
        title={t("title", { id: externalId })}
        description={t("description")}
        aside={<CustomerSearch />}
      />
      <CustomerTimeline externalId={externalId} />
    </HydrateClient>
  );
}
