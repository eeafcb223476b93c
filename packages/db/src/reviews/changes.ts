import { revivePeriod } from "./snapshot";
import type { ReviewChanges, StoredReviewChanges } from "./types";

/**
 * Stored changes with their dates back: each date by its path, the rest spread as stored, so a
 * date field added to the types and not revived here is a type error.
 */
export function reviveChanges(stored: StoredReviewChanges): ReviewChanges {
  return {
    ...stored,
    previous:
      stored.previous === null
        ? null
        : {
            ...stored.previous,
            dueAt: new Date(stored.previous.dueAt),
            period: revivePeriod(stored.previous.period),
          },
    comments: {
      ...stored.comments,
      added: stored.comments.added.map((c) => ({ ...c, createdAt: new Date(c.createdAt) })),
    },
  };
}
