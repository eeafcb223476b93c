import { type TCustomerSource, ZCustomerSourceSchema } from "@parcours/validators";

/** The URL parameter naming the figure a drill-down lists (JSON of a TCustomerSource). */
export const DRILL_PARAM = "drill";

/** A link to the customers behind a figure, keeping the page's filters (`base` from useFilterHref). */
export function drillHref(base: string, source: TCustomerSource): string {
  const separator = base.includes("?") ? "&" : "?";
  return `${base}${separator}${DRILL_PARAM}=${encodeURIComponent(JSON.stringify(source))}`;
}

/** The source a URL names, or null when it names none or one the API would refuse. */
export function parseDrill(value: string | string[] | null | undefined): TCustomerSource | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  try {
    const parsed = ZCustomerSourceSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
