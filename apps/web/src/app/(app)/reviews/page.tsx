import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { ReviewInbox } from "~/components/reviews/review-inbox";
import { requireUser } from "~/server/auth";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reviews.inbox");
  return { title: t("title") };
}

/** My reviews: the reviews of the views I subscribed to, unread first. */
export default async function ReviewsInboxPage() {
  const t = await getTranslations("reviews.inbox");
  await requireUser();
  await prefetch(trpc.reviews.inbox.queryOptions({ unreadOnly: false }));
  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <ReviewInbox />
    </HydrateClient>
  );
}
