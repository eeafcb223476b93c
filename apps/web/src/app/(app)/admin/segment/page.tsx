import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { SegmentAdmin } from "~/components/admin/segment/segment-admin";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminSegment");
  return { title: t("title") };
}

export default async function SegmentPage() {
  const heads = await headers();
  const host = heads.get("x-forwarded-host") ?? heads.get("host") ?? "localhost:3000";
  const proto = heads.get("x-forwarded-proto") ?? "http";
  await Promise.all([
    prefetch(trpc.admin.segment.mappings.queryOptions()),
    prefetch(trpc.admin.segment.unmapped.queryOptions()),
    prefetch(trpc.admin.catalogue.get.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <SegmentAdmin origin={`${proto}://${host}`} />
    </HydrateClient>
  );
}
