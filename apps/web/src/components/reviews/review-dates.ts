/**
 * Reviews listed by their date: two asked for by hand within the same minute would read the
 * same, so those (and only those) show their seconds too.
 */
export function distinctDateLabels(
  dates: Date[],
  short: (d: Date) => string,
  precise: (d: Date) => string,
): string[] {
  const labels = dates.map(short);
  const seen = new Map<string, number>();
  for (const label of labels) seen.set(label, (seen.get(label) ?? 0) + 1);
  return dates.map((d, i) => {
    const label = labels[i] ?? short(d);
    return (seen.get(label) ?? 0) > 1 ? precise(d) : label;
  });
}
