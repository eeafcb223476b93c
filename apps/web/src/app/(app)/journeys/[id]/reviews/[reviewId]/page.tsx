import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ReviewPage } from "~/components/reviews/review-page";
import { requireUser } from "~/server/auth";
import { getQueryClient, HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reviews.panel");
  return { title: t("title") };
}

const MAX_ID = 2_147_483_647;

function idOf(raw: string): number | null {
  const id = Number(raw);
  return /^\d+$/.test(raw) && id >= 1 && id <= MAX_ID ? id : null;
}

/** A view's review: what moved since the previous one, and the map then beside today's. */
export default async function ReviewRoute({
  params,
}: {
  params: Promise<{ id: string; reviewId: string }>;
}) {
  await requireUser();
  const raw = await params;
  const viewId = idOf(raw.id);
  const reviewId = idOf(raw.reviewId);
  if (viewId === null || reviewId === null) notFound();
  // Fetched here so that a review that does not exist (or whose view is not visible) answers 404.
  const review = await getQueryClient()
    .fetchQuery(trpc.reviews.get.queryOptions({ reviewId }))
    .catch(() => null);
  if (!review) notFound();
  // A review reached under another view's address: the review's own.
  if (review.viewId !== viewId) redirect(`/journeys/${review.viewId}/reviews/${reviewId}`);
  await Promise.all([
    prefetch(trpc.reviews.list.queryOptions({ viewId })),
    prefetch(trpc.views.get.queryOptions({ id: viewId })),
    prefetch(trpc.views.journey.queryOptions({ id: viewId, compare: false })),
  ]);
  return (
    <HydrateClient>
      <ReviewPage viewId={viewId} reviewId={reviewId} />
    </HydrateClient>
  );
}
