/** A plain-text table for human output (right-aligns numbers). */
export function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((row) => row.map((c) => (c === null ? "—" : String(c))));
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)),
  );
  const line = (row: string[], isHeader = false) =>
    row
      .map((c, i) => {
        const w = widths[i] ?? 0;
        const numeric = !isHeader && /^-?[\d.,%]+$/.test(c);
        return numeric ? c.padStart(w) : c.padEnd(w);
      })
      .join("  ")
      .trimEnd();
  return [
    line(headers, true),
    widths.map((w) => "─".repeat(w)).join("  "),
    ...cells.map((r) => line(r)),
  ].join("\n");
}

export const pct = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)}%`);
export const dec = (v: number | null, digits = 2) => (v === null ? null : v.toFixed(digits));

export function duration(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}
