export interface TDurationParts {
  unit: "dh" | "d" | "hm" | "h" | "m" | "s";
  d: number;
  h: number;
  m: number;
  s: number;
}

/** Splits seconds into the two largest useful units: 2 d 4 h, 3 h 20 min, 12 min, 45 s. */
export function durationParts(totalSeconds: number): TDurationParts {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return { unit: h > 0 ? "dh" : "d", d, h, m, s };
  if (h > 0) return { unit: m > 0 ? "hm" : "h", d, h, m, s };
  if (m > 0) return { unit: "m", d, h, m, s };
  return { unit: "s", d, h, m, s };
}
