import { notFound } from "next/navigation";
import { JourneyPage } from "~/components/journeys/journey-page";
import { requireUser } from "~/server/auth";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

export default async function JourneyViewPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id: raw } = await params;
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || id < 1 || id > 2_147_483_647) notFound();
  // Fetched here so that a view that does not exist (or is not visible) answers 404.
  const view = await getQueryClient()
    .fetchQuery(trpc.views.get.queryOptions({ id }))
    .catch(() => null);
  if (!view) notFound();
  const owner = view.ownerId;
  await getQueryClient().prefetchQuery(trpc.views.journey.queryOptions({ id, compare: false }));
  return (
    <HydrateClient>
      <JourneyPage
        viewId={id}
        canShare={user.role === "admin" || (user.role === "manager" && owner === user.id)}
        canReadComments={user.role === "admin" || user.role === "manager"}
        me={{ id: user.id, canManage: user.role === "admin" || user.role === "manager" }}
      />
    </HydrateClient>
  );
}
