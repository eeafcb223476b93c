/** The per-customer part of the funnel: pure functions over one customer's event sequence. */

export interface CustomerPath {
  /** Fastest time to each step in microseconds (0 for step 1), or null when not reached. */
  fastest: (number | null)[];
  /** The customer's first entry, in microseconds after `from`, or null when never entered. */
  firstEntry: number | null;
}

/** Bit EXCLUSION_BIT + k of a mask: the event is excluded between steps k and k+1 (k ≥ 1). */
export const EXCLUSION_BIT = 10;

/**
 * One customer's pass. `seq` is "t:mask,…" in time order, t in microseconds after `from`, bit
 * k of mask set when the event matches step k+1, bit EXCLUSION_BIT + k when it is excluded
 * before step k+1. For each level it keeps the latest entry time from which a valid chain
 * reaches that step (the latest is best for every later step), the time of the event that
 * reached it and the fastest chain to it. Events with the same time are taken together, levels
 * in order, so that a later step may use an earlier step's event at the same instant
 * (t(ei) ≤ t(ei+1)) and one event matching several steps can serve consecutive ones, as in
 * ClickHouse's windowFunnel. An excluded event counts for the events after its instant only:
 * a step k event at t extends level k−1 unless an event excluded before step k falls strictly
 * between the time level k−1 was last reached and t. The latest reach of level k−1 is also the
 * one with the latest entry (entries only grow), so checking it alone is exact.
 */
export function walkCustomer(
  seq: string,
  stepCount: number,
  periodMicros: number,
  windowMicros: number,
): CustomerPath {
  const start: (number | null)[] = new Array(stepCount).fill(null);
  const reachedAt: number[] = new Array(stepCount).fill(Number.NEGATIVE_INFINITY);
  const excludedAt: number[] = new Array(stepCount).fill(Number.NEGATIVE_INFINITY);
  const fastest: (number | null)[] = new Array(stepCount).fill(null);
  let firstEntry: number | null = null;
  const { times, masks } = parseSequence(seq);
  let i = 0;
  while (i < times.length) {
    const t = times[i] ?? 0;
    let groupMask = 0;
    // Gather every event at this exact time before advancing any level.
    while (i < times.length && times[i] === t) {
      groupMask |= masks[i] ?? 0;
      i++;
    }
    for (let k = 0; k < stepCount; k++) {
      if ((groupMask & (1 << k)) === 0) continue;
      if (k === 0) {
        if (t < periodMicros) {
          start[0] = t;
          reachedAt[0] = t;
          fastest[0] = 0;
          firstEntry ??= t;
        }
        continue;
      }
      const from = start[k - 1];
      if (from === null || from === undefined || t - from > windowMicros) continue;
      if ((excludedAt[k] ?? Number.NEGATIVE_INFINITY) > (reachedAt[k - 1] ?? 0)) continue;
      start[k] = from;
      reachedAt[k] = t;
      const took = t - from;
      const best = fastest[k];
      if (best === null || best === undefined || took < best) fastest[k] = took;
    }
    // After the levels: an exclusion at t breaks only chains that go on after t.
    for (let k = 1; k < stepCount; k++) {
      if ((groupMask & (1 << (EXCLUSION_BIT + k))) !== 0) excludedAt[k] = t;
    }
  }
  return { fastest, firstEntry };
}

/** Reads "t:mask,t:mask,…" (non-negative integers) without allocating a string per event. */
export function parseSequence(seq: string): { times: number[]; masks: number[] } {
  const times: number[] = [];
  const masks: number[] = [];
  let value = 0;
  let time = 0;
  for (let i = 0; i < seq.length; i++) {
    const c = seq.charCodeAt(i);
    if (c === 58 /* : */) {
      time = value;
      value = 0;
    } else if (c === 44 /* , */) {
      times.push(time);
      masks.push(value);
      value = 0;
    } else {
      value = value * 10 + (c - 48);
    }
  }
  if (seq.length > 0) {
    times.push(time);
    masks.push(value);
  }
  return { times, masks };
}

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
export function percentileCont(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (position - lower);
}
