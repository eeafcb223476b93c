import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SegmentAdmin } from "~/components/admin/segment/segment-admin";
import { requestOrigin } from "~/server/request-origin";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminSegment");
  return { title: t("title") };
}

export default async function SegmentPage() {
  const origin = await requestOrigin();
  await Promise.all([
    prefetch(trpc.admin.segment.mappings.queryOptions()),
    prefetch(trpc.admin.segment.unmapped.queryOptions()),
    prefetch(trpc.admin.catalogue.get.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <SegmentAdmin origin={origin} />
    </HydrateClient>
  );
}
