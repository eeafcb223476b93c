/**
 * Props equality for the memoised charts: plain objects and arrays are compared by content
 * (depth-first), everything else (functions, dates, elements) by identity. A chart's data and
 * labels are rebuilt on every render of the page around it; redrawing a chart whose figures did
 * not change (a filter change shows the previous figures while the new ones load) was most of
 * the work the browser did on each filter change.
 */
export function sameProps<T extends object>(a: T, b: T): boolean {
  return same(a, b);
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => same(item, b[i]));
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && same(a[key], b[key]));
  }
  return false;
}
