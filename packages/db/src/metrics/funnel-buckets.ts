import { type OverTimeLayout, overTimeBucketProblem, overTimeLayout } from "@parcours/validators";
import { ratio } from "./filter";
import type { FunnelBucket } from "./funnel";

/**
 * Conversion over time's buckets, the same on both engines: UTC days or ISO weeks (Monday to
 * Sunday), each customer in the bucket of their first entry. Throws a RangeError past the
 * bucket limit, before any query runs.
 */
export function funnelBucketLayout(from: Date, to: Date, bucket: "day" | "week"): OverTimeLayout {
  const problem = overTimeBucketProblem(from, to, bucket);
  if (problem) throw new RangeError(problem);
  return overTimeLayout(from, to, bucket);
}

/**
 * A first entry (microseconds after `from`, as both engines' funnel walks give it) to its
 * bucket's index. Both engines compute `floor((entry + offset) / size)` with these numbers.
 */
export function bucketArithmetic(
  layout: OverTimeLayout,
  from: Date,
): { offsetMicros: number; sizeMicros: number; last: number } {
  return {
    offsetMicros: (from.getTime() - layout.startMs) * 1000,
    sizeMicros: layout.sizeMs * 1000,
    last: layout.count - 1,
  };
}

/**
 * The buckets with their counts. A bucket is `partial` when the period covers only part of it
 * (the first week starts on a Tuesday, the last holds two days), and `complete` once every
 * customer who entered in it has had the whole window W by `now`: before that, conversions
 * are still to come and the figure can only rise.
 */
export function buildFunnelBuckets(
  layout: OverTimeLayout,
  period: { from: Date; to: Date },
  counts: { entered: number[]; converted: number[] },
  windowSeconds: number,
  now: Date,
): FunnelBucket[] {
  const from = period.from.getTime();
  const to = period.to.getTime();
  return Array.from({ length: layout.count }, (_, b) => {
    const start = layout.startMs + b * layout.sizeMs;
    const end = start + layout.sizeMs;
    const coveredFrom = Math.max(start, from);
    const coveredTo = Math.min(end, to);
    const entered = counts.entered[b] ?? 0;
    const converted = counts.converted[b] ?? 0;
    return {
      start: new Date(start),
      end: new Date(end),
      from: new Date(coveredFrom),
      to: new Date(coveredTo),
      partial: coveredFrom > start || coveredTo < end,
      complete: coveredTo + windowSeconds * 1000 <= now.getTime(),
      entered,
      converted,
      conversion: ratio(converted, entered),
    };
  });
}
