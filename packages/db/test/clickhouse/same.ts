/**
 * Differences between two metric results, as readable paths. Everything must be equal, with
 * one exception: a standard deviation (key `stddev`) may differ by a relative 1e-12, because
 * PostgreSQL's stddev_samp of a smallint works in numeric and rounds once, while ClickHouse's
 * is a division and a square root in floating point of the same exact integer sums.
 */
export function differences(actual: unknown, expected: unknown, path = "$"): string[] {
  if (actual instanceof Date || expected instanceof Date) {
    return actual instanceof Date &&
      expected instanceof Date &&
      actual.getTime() === expected.getTime()
      ? []
      : [`${path}: ${String(actual)} ≠ ${String(expected)}`];
  }
  if (Array.isArray(actual) || Array.isArray(expected)) {
    if (!Array.isArray(actual) || !Array.isArray(expected)) {
      return [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
    }
    const found: string[] =
      actual.length === expected.length
        ? []
        : [`${path}: length ${actual.length} ≠ ${expected.length}`];
    for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
      found.push(...differences(actual[i], expected[i], `${path}[${i}]`));
    }
    return found;
  }
  if (
    typeof actual === "object" &&
    actual !== null &&
    typeof expected === "object" &&
    expected !== null
  ) {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    return [...keys].flatMap((key) => differences(a[key], e[key], `${path}.${key}`));
  }
  if (typeof actual === "number" && typeof expected === "number" && path.endsWith(".stddev")) {
    const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
    return Math.abs(actual - expected) <= tolerance ? [] : [`${path}: ${actual} ≠ ${expected}`];
  }
  return Object.is(actual, expected) || actual === expected
    ? []
    : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}
