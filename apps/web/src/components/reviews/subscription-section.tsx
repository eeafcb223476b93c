"use client";

import { Button } from "@parcours/ui/button";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";

/** Subscribe or unsubscribe the signed-in reader, in the app and by email too if asked: viewers too. */
export function SubscriptionSection({ viewId }: { viewId: number }) {
  const t = useTranslations("reviews.subscription");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const mine = useQuery(trpc.reviews.subscription.mine.queryOptions({ viewId }));
  const refresh = () =>
    queryClient.invalidateQueries(trpc.reviews.subscription.mine.queryFilter({ viewId }));
  const subscribe = useMutation(
    trpc.reviews.subscription.subscribe.mutationOptions({ onSuccess: refresh }),
  );
  const unsubscribe = useMutation(
    trpc.reviews.subscription.unsubscribe.mutationOptions({ onSuccess: refresh }),
  );
  const busy = subscribe.isPending || unsubscribe.isPending;
  const current = mine.data ?? null;

  return (
    <div className="grid content-start gap-2" data-testid="review-subscription">
      <h3 className="text-sm font-semibold">{t("title")}</h3>
      {mine.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : mine.isError ? (
        <RequestError error={mine.error} />
      ) : (
        <>
          <p className="text-sm" role="status">
            {current
              ? current.email
                ? t("subscribedEmail")
                : t("subscribed")
              : t("notSubscribed")}
          </p>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={current?.email ?? false}
              disabled={busy}
              aria-describedby={`${id}-email-hint`}
              onChange={(e) => subscribe.mutate({ viewId, email: e.target.checked })}
            />
            {t("email")}
          </label>
          <p id={`${id}-email-hint`} className="text-xs text-muted-foreground">
            {t("emailHint")}
          </p>
          <div>
            {current ? (
              <Button
                variant="outline"
                disabled={busy}
                onClick={() => unsubscribe.mutate({ viewId })}
              >
                {t("unsubscribe")}
              </Button>
            ) : (
              <Button disabled={busy} onClick={() => subscribe.mutate({ viewId, email: false })}>
                {t("subscribe")}
              </Button>
            )}
          </div>
          <RequestError error={subscribe.error ?? unsubscribe.error} />
        </>
      )}
    </div>
  );
}
