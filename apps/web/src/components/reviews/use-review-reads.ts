"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "~/trpc/react";

/** After a review is marked read: the inbox and the nav's unread badge ask again. */
export function useInvalidateReviewReads() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.reviews.inbox.pathFilter()),
      queryClient.invalidateQueries(trpc.reviews.unreadCount.pathFilter()),
    ]);
  }, [queryClient, trpc]);
}
