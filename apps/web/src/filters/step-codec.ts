import type { TFunnelStep } from "@parcours/validators";

// The URL form of a step (`purchase`, `touchpoint:web_checkout`, `decision@add_to_cart`), as
// @parcours/validators reads and writes it, without its zod schemas: they would add tens of kB
// to every page's JavaScript. The API still validates every step it receives.
const KEY = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const TYPE = /^[a-z][a-z0-9_]{0,39}$/;
const TOUCHPOINT = "touchpoint:";

/** The step, or null when the text is not a well-formed step. */
export function decodeStep(text: string): TFunnelStep | null {
  const [target = "", type, ...rest] = text.split("@");
  if (rest.length > 0 || (type !== undefined && !TYPE.test(type))) return null;
  const touchpoint = target.startsWith(TOUCHPOINT);
  const key = touchpoint ? target.slice(TOUCHPOINT.length) : target.replace(/^stage:/, "");
  if (!KEY.test(key)) return null;
  const kind = touchpoint ? "touchpoint" : "stage";
  return type === undefined ? { kind, key } : { kind, key, type };
}

export function encodeStep(step: TFunnelStep): string {
  const target = step.kind === "touchpoint" ? `${TOUCHPOINT}${step.key}` : step.key;
  return step.type ? `${target}@${step.type}` : target;
}
